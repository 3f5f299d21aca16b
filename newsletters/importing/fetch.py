"""Reading a feed or a picture from another site for the post import: http(s) only, bounded in time and size.

Off in production unless ``POST_IMPORT_ALLOW_PRIVATE_ADDRESSES`` is set: an address (or a
redirect) naming a loopback, private or link-local address is refused, so nobody can make the
server read its own network through an import. Tests serve their pictures from a local server
and turn it on.
"""

import time
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import gettext as _

import requests

from cms.outbound import RefusedAddress, public_addresses

TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 3
USER_AGENT = "Patchwork post import (+https://github.com/)"


class FetchError(Exception):
    """The address could not be read; the message says why, for the person importing."""


def allow_private():
    return getattr(settings, "POST_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)


def check_address(url):
    try:
        public_addresses(url, allow_private=allow_private())
    except RefusedAddress as error:
        if error.reason == "scheme":
            raise FetchError(_("Only http:// and https:// addresses can be read.")) from error
        if error.reason == "unknown":
            raise FetchError(_("The site %(host)s could not be found.") % {"host": error.host}) from error
        raise FetchError(_("Addresses inside this server's own network cannot be read.")) from error


def fetch(url, max_bytes, timeout=TIMEOUT_SECONDS):
    """(bytes, content type) of ``url``, following up to MAX_REDIRECTS redirects; ``FetchError`` if not."""
    session = requests.Session()
    session.trust_env = False  # no proxy settings or .netrc from the environment
    for _redirect in range(MAX_REDIRECTS + 1):
        check_address(url)
        try:
            response = session.get(
                url,
                stream=True,
                timeout=(timeout, timeout),
                allow_redirects=False,
                headers={"User-Agent": USER_AGENT},
            )
        except requests.RequestException as error:
            raise FetchError(
                _("%(url)s could not be read: %(error)s") % {"url": url, "error": error}
            ) from error
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code != 200:
                raise FetchError(
                    _("%(url)s answered with HTTP status %(status)s.")
                    % {"url": url, "status": response.status_code}
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(too_big(url, max_bytes))
            chunks, size = [], 0
            deadline = time.monotonic() + 3 * timeout  # a server trickling bytes still stops
            try:
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(_("%(url)s took too long to read.") % {"url": url})
                    if size > max_bytes:
                        raise FetchError(too_big(url, max_bytes))
                    chunks.append(chunk)
            except requests.RequestException as error:
                raise FetchError(
                    _("%(url)s could not be read: %(error)s") % {"url": url, "error": error}
                ) from error
            return b"".join(chunks), response.headers.get("Content-Type", "")
    raise FetchError(_("%(url)s redirects too many times.") % {"url": url})


def too_big(url, max_bytes):
    return _("%(url)s is bigger than %(size)s MB, the most an import reads.") % {
        "url": url,
        "size": f"{max_bytes / (1024 * 1024):g}",
    }
