"""Reading one outside feed carefully: conditional GET, timeouts, a size limit, few redirects.

The server reads addresses typed in by helpers, so every read is bounded: it gives up after
``PLANET_FETCH_TIMEOUT_SECONDS`` to connect or between bytes, and for the body once the headers
are in (a watchdog ends any read at twice that, however slowly the bytes come), stops reading past
``PLANET_MAX_FEED_BYTES``, follows at most ``PLANET_MAX_REDIRECTS`` redirects and only to http or
https, and (unless ``PLANET_ALLOW_PRIVATE_ADDRESSES``) refuses any host that resolves to a
loopback, private, link-local or otherwise non-public address. The connection goes to the
address that was checked, so a second DNS answer cannot point it elsewhere.

The answer is parsed with feedparser; each entry becomes (or updates) one ``ExternalItem``
keyed by its guid, so reading a feed twice stores nothing twice.
"""

import calendar
import contextlib
import html
import http.client
import io
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings

import feedparser
import nh3

from cms.outbound import RefusedAddress, public_addresses

from .models import ExternalFeed, ExternalItem

Failure = ExternalFeed.Failure

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Entries read from one feed at a time: a blog's newest posts are all a listing needs.
MAX_ENTRIES = 30
# Posts kept per feed: older ones are deleted (a listing, a feed or a digest shows only the newest).
MAX_KEPT = 100
EXCERPT_CHARACTERS = 280
USER_AGENT = "Patchwork planet (+https://github.com/patchwork; reads this feed for a neighbourhood website)"


class FetchError(Exception):
    """A read that failed, with the kind of failure (``ExternalFeed.Failure``) and a message."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass
class Answer:
    status: int  # 200, or 304 when the feed has not changed since the last read
    body: bytes
    etag: str
    last_modified: str
    url: str  # after redirects


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever DNS says the host is now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = self.kept_sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.kept_sock = self._context.wrap_socket(sock, server_hostname=self.host)


def checked_address(url):
    """The address to connect to for ``url``'s host, refusing non-public ones unless allowed."""
    try:
        return public_addresses(url, allow_private=settings.PLANET_ALLOW_PRIVATE_ADDRESSES)[0]
    except RefusedAddress as error:
        kind = Failure.CONNECTION if error.reason == "unknown" else Failure.REFUSED_ADDRESS
        raise FetchError(kind, str(error)) from error


def check_url(url):
    """(scheme, host, port, path) of an address the fetcher may read, or a FetchError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(Failure.REFUSED_ADDRESS, f"Only http and https addresses can be read: {url[:200]}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(Failure.REFUSED_ADDRESS, f"Bad address: {url[:200]}") from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def fetch(url, *, etag="", last_modified=""):
    """GET ``url`` within the limits above; a FetchError says what went wrong."""
    timeout = settings.PLANET_FETCH_TIMEOUT_SECONDS
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(settings.PLANET_MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(url)
        address = checked_address(url)
        connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
        connection = connection_class(host, port, address, timeout)
        # A website answering a byte at a time never trips the per-read timeout: this ends it.
        watchdog = threading.Timer(timeout * 2, cut_off, args=(connection,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            if getattr(connection, "cut_off", False):
                raise TimeoutError
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(Failure.HTTP_ERROR, f"HTTP {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Answer(304, b"", etag, last_modified, url)
            if response.status != 200:
                raise FetchError(Failure.HTTP_ERROR, f"HTTP {response.status} {response.reason}".strip())
            body = read_limited(connection, response, time.monotonic() + timeout)
            if getattr(connection, "cut_off", False):  # what came was cut short
                raise TimeoutError
            return Answer(
                200, body, response.getheader("ETag") or "", response.getheader("Last-Modified") or "", url
            )
        except TimeoutError as error:
            seconds = timeout * 2 if getattr(connection, "cut_off", False) else timeout
            raise FetchError(Failure.TIMEOUT, f"No whole answer within {seconds:g} seconds") from error
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as error:
            if getattr(connection, "cut_off", False):
                raise FetchError(
                    Failure.TIMEOUT, f"No whole answer within {timeout * 2:g} seconds"
                ) from error
            raise FetchError(Failure.CONNECTION, f"{type(error).__name__}: {error}") from error
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError(Failure.REDIRECTS, f"More than {settings.PLANET_MAX_REDIRECTS} redirects")


def cut_off(connection):
    """Stop a read that has gone on too long (from the watchdog's thread)."""
    connection.cut_off = True
    sock = getattr(connection, "kept_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def read_limited(connection, response, deadline):
    """The body, read in chunks until the limit or the deadline."""
    limit = settings.PLANET_MAX_FEED_BYTES
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(Failure.TOO_BIG, f"The feed is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        # The connection lets go of its socket once the answer says it will close: keep our own.
        connection.kept_sock.settimeout(remaining)
        chunk = response.read1(64 * 1024) if hasattr(response, "read1") else response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(Failure.TOO_BIG, f"The feed is over the limit of {limit:,} bytes")
        chunks.append(chunk)


# --- from feed entries to items ---------------------------------------------------------------


def plain_text(markup, limit=None):
    """The words of some HTML as plain text (scripts, styles and every tag dropped), on one line."""
    text = html.unescape(nh3.clean(markup or "", tags=set(), attributes={}))
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return text


def web_address(value, base=""):
    """``value`` made absolute, if it is an http or https address; else ""."""
    if not value:
        return ""
    address = urljoin(base, value.strip())
    return address[:1000] if urlsplit(address).scheme in ("http", "https") else ""


def entry_date(entry, default):
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(field)
        if moment:
            when = datetime.fromtimestamp(calendar.timegm(moment), tz=UTC)
            return min(when, default)  # a date in the future is shown as now
    return None


def entry_excerpt(entry):
    summary = entry.get("summary")
    if not summary and entry.get("content"):
        summary = entry.content[0].get("value", "")
    return plain_text(summary, EXCERPT_CHARACTERS)


# feedparser's complaints that still leave a readable feed.
TOLERATED = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse(answer):
    """The feedparser result for a read, or a FetchError when it is not a readable feed."""
    try:
        parsed = feedparser.parse(
            io.BytesIO(answer.body), response_headers={"content-location": answer.url}, sanitize_html=True
        )
    except Exception as error:  # feedparser on hostile input: a failure to record, not a crash
        message = f"Not a readable feed: {type(error).__name__}: {error}"
        raise FetchError(Failure.NOT_A_FEED, message) from error
    problem = parsed.get("bozo_exception")
    if parsed.bozo and not isinstance(problem, TOLERATED) and "undefined entity" not in str(problem):
        raise FetchError(Failure.NOT_A_FEED, f"Not a readable feed: {problem}")
    if not parsed.get("version"):
        raise FetchError(Failure.NOT_A_FEED, "Not an RSS or Atom feed")
    return parsed


def store_items(feed, parsed, now):
    """Insert new entries and update changed ones, by guid; returns how many were new or changed."""
    base = feed.url
    rows = {}
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = web_address(entry.get("link"), base)
        if not link:
            continue
        guid = (entry.get("id") or link)[:1000]
        rows[guid] = {
            "title": plain_text(entry.get("title"), 300) or link[:300],
            "link": link,
            "published": entry_date(entry, now),
            "excerpt": entry_excerpt(entry),
        }
    existing = {item.guid: item for item in ExternalItem.objects.filter(feed=feed, guid__in=list(rows))}
    changed = []
    new = []
    for guid, values in rows.items():
        item = existing.get(guid)
        if item is None:
            new.append(
                ExternalItem(
                    feed=feed,
                    guid=guid,
                    fetched_at=now,
                    **{**values, "published": values["published"] or now},
                )
            )
            continue
        values = {**values, "published": values["published"] or item.published}
        if any(getattr(item, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(item, field, value)
            changed.append(item)
    ExternalItem.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        ExternalItem.objects.bulk_update(changed, ["title", "link", "published", "excerpt"])
    if new:
        kept = (
            ExternalItem.objects.filter(feed=feed).order_by("-published", "-pk").values_list("pk", flat=True)
        )
        ExternalItem.objects.filter(feed=feed).exclude(pk__in=list(kept[:MAX_KEPT])).delete()
    return len(new) + len(changed)


def describe_feed(feed, parsed):
    """Fill in the blog's name and home page from the feed when the helper left them empty."""
    fields = []
    if not feed.title and parsed.feed.get("title"):
        feed.title = plain_text(parsed.feed.title, 200)
        fields.append("title")
    if not feed.site_link:
        link = web_address(parsed.feed.get("link"), feed.url)
        if link:
            feed.site_link = link
            fields.append("site_link")
    return fields
