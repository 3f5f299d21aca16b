"""Reading a feed or a picture from another site for the post import: http(s) only, bounded in time and size.

Off in production unless ``POST_IMPORT_ALLOW_PRIVATE_ADDRESSES`` is set: an address (or a
redirect) naming a loopback, private or link-local address is refused, so nobody can make the
server read its own network through an import. ``cms.outbound`` does the reading and checks
every hop; this module words its failures for the person importing. Tests serve their pictures
from a local server and turn it on.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from cms import outbound

TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 3
USER_AGENT = "Patchwork post import (+https://github.com/)"


class FetchError(Exception):
    """The address could not be read; the message says why, for the person importing."""


def allow_private():
    return settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES


def fetch(url, max_bytes, timeout=TIMEOUT_SECONDS):
    """(bytes, content type) of ``url``, following up to MAX_REDIRECTS redirects; ``FetchError`` if not."""
    try:
        answer = outbound.request(
            "GET",
            url,
            headers={"User-Agent": USER_AGENT},
            allow_private=allow_private(),
            timeout=timeout,
            # Time to connect and for the headers, then three times that for a big export or picture.
            total_timeout=4 * timeout,
            max_bytes=max_bytes,
            max_redirects=MAX_REDIRECTS,
        )
    except outbound.OutboundError as error:
        raise FetchError(failure_message(error, max_bytes)) from error
    if answer.status != 200:
        raise FetchError(
            _("%(url)s answered with HTTP status %(status)s.") % {"url": answer.url, "status": answer.status}
        )
    return answer.body, answer.headers.get("Content-Type", "")


def failure_message(error, max_bytes):
    """What the person importing is told for each way ``cms.outbound`` can fail."""
    url = error.url
    if error.reason == "scheme":
        return _("Only http:// and https:// addresses can be read.")
    if error.reason == "unknown":
        return _("The site %(host)s could not be found.") % {"host": error.host}
    if error.reason == "private":
        return _("Addresses inside this server's own network cannot be read.")
    if error.reason == "timeout":
        return _("%(url)s took too long to read.") % {"url": url}
    if error.reason == "too_big":
        return too_big(url, max_bytes)
    if error.reason == "redirects":
        return _("%(url)s redirects too many times.") % {"url": url}
    if error.reason == "no_location":
        return _("%(url)s answered with HTTP status %(status)s.") % {"url": url, "status": error.status}
    return _("%(url)s could not be read: %(error)s") % {"url": url, "error": error}


def too_big(url, max_bytes):
    return _("%(url)s is bigger than %(size)s MB, the most an import reads.") % {
        "url": url,
        "size": f"{max_bytes / (1024 * 1024):g}",
    }
