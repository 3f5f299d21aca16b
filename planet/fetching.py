"""Reading one outside feed carefully: conditional GET, timeouts, a size limit, few redirects.

The server reads addresses typed in by helpers, so every read goes through ``cms.outbound``:
it gives up after ``PLANET_FETCH_TIMEOUT_SECONDS`` to connect or between bytes (and after twice
that for the whole read, however slowly the bytes come), stops reading past
``PLANET_MAX_FEED_BYTES``, follows at most ``PLANET_MAX_REDIRECTS`` redirects and only to http or
https, and (unless ``PLANET_ALLOW_PRIVATE_ADDRESSES``) refuses any host that resolves to a
loopback, private, link-local or otherwise non-public address, at every hop. The connection goes
to the address that was checked, so a second DNS answer cannot point it elsewhere.

The answer is parsed with feedparser; each entry becomes (or updates) one ``ExternalItem``
keyed by its guid, so reading a feed twice stores nothing twice.
"""

import calendar
import html
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings

import feedparser
import nh3

from cms import outbound

from .models import ExternalFeed, ExternalItem

Failure = ExternalFeed.Failure

# Entries read from one feed at a time: a blog's newest posts are all a listing needs.
MAX_ENTRIES = 30
# Posts kept per feed: older ones are deleted (a listing, a feed or a digest shows only the newest).
MAX_KEPT = 100
EXCERPT_CHARACTERS = 280
USER_AGENT = "Patchwork planet (+https://github.com/patchwork; reads this feed for a neighbourhood website)"
# The kind of failure recorded on the feed for each way cms.outbound can fail.
FAILURES = {
    "scheme": Failure.REFUSED_ADDRESS,
    "private": Failure.REFUSED_ADDRESS,
    "unknown": Failure.CONNECTION,
    "connection": Failure.CONNECTION,
    "timeout": Failure.TIMEOUT,
    "too_big": Failure.TOO_BIG,
    "redirects": Failure.REDIRECTS,
    "no_location": Failure.HTTP_ERROR,
}


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


def fetch(url, *, etag="", last_modified=""):
    """GET ``url`` within the limits above; a FetchError says what went wrong."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = settings.PLANET_MAX_FEED_BYTES
    redirects = settings.PLANET_MAX_REDIRECTS
    try:
        answer = outbound.request(
            "GET",
            url,
            headers=headers,
            allow_private=settings.PLANET_ALLOW_PRIVATE_ADDRESSES,
            timeout=settings.PLANET_FETCH_TIMEOUT_SECONDS,
            max_bytes=limit,
            max_redirects=redirects,
        )
    except outbound.OutboundError as error:
        raise FetchError(
            FAILURES.get(error.reason, Failure.CONNECTION), failure_message(error, limit)
        ) from error
    if answer.status in outbound.REDIRECT_STATUSES:  # only when no redirect is allowed at all
        raise FetchError(Failure.REDIRECTS, f"More than {redirects} redirects")
    if answer.status == 304:
        return Answer(304, b"", etag, last_modified, answer.url)
    if answer.status != 200:
        raise FetchError(Failure.HTTP_ERROR, f"HTTP {answer.status} {answer.reason}".strip())
    return Answer(
        200,
        answer.body,
        answer.headers.get("ETag") or "",
        answer.headers.get("Last-Modified") or "",
        answer.url,
    )


def failure_message(error, limit):
    """The message recorded on the feed: cms.outbound's own, in the feed's words for size."""
    if error.reason != "too_big":
        return str(error)
    if error.size:
        return f"The feed is {error.size:,} bytes; the limit is {limit:,}"
    return f"The feed is over the limit of {limit:,} bytes"


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
