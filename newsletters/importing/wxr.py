"""Reading a WordPress export (WXR, Blogger's too), an RSS 2.0 feed or an Atom feed into plain posts.

Nothing here touches the database: ``read_source(data)`` takes the file's bytes and returns a
``Source`` of ``SourcePost`` dataclasses, so the post import and anything else (reading back an
exported WXR in a test) can use it. XML is parsed only with defusedxml (WXR) or feedparser
(feeds): no DTD entities, no external entities, no network.
"""

import datetime
import email.utils
import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils.translation import gettext as _

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

WP_NAMESPACE = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"

# WordPress statuses we bring over, and what they become.
PUBLISHED, DRAFT, SCHEDULED = "publish", "draft", "future"
STATUSES = {"publish": PUBLISHED, "future": SCHEDULED, "draft": DRAFT, "pending": DRAFT, "private": DRAFT}
UNCATEGORISED = {"uncategorized", "uncategorised"}


class SourceError(ValueError):
    """The file is not a WordPress export or a feed at all (as opposed to one bad post in it)."""


@dataclass
class SourcePost:
    """One post as the old site had it."""

    key: str  # what identifies it across imports: the GUID, else the permalink
    title: str
    link: str = ""  # the permalink on the old site
    aliases: list = field(default_factory=list)  # other addresses of it (the GUID, ?p=123)
    published: datetime.datetime | None = None  # aware, UTC
    status: str = PUBLISHED  # PUBLISHED, DRAFT or SCHEDULED
    slug: str = ""
    authors: list = field(default_factory=list)  # display names
    tags: list = field(default_factory=list)
    content: str = ""  # HTML, as written (not sanitised)
    summary: str = ""  # HTML or text
    full_content: bool = True  # False when the feed gave only a summary
    lead_image: str = ""  # the address of its featured image (WordPress's _thumbnail_id)
    lead_image_alt: str = ""  # that image's alt text
    error: str = ""  # why this post cannot be imported; the rest of the file can


@dataclass
class Source:
    format: str  # "wxr", "rss" or "atom"
    title: str = ""
    link: str = ""
    posts: list = field(default_factory=list)
    ignored: dict = field(default_factory=dict)  # what was left out, e.g. {"attachment": 12}
    comments: int = 0  # comments seen (never imported)


def read_source(data):
    """A ``Source`` from a WXR file or an RSS/Atom feed (bytes or text); ``SourceError`` if neither."""
    if isinstance(data, str):
        data = data.encode()
    if not data or not data.strip():
        raise SourceError(_("The file is empty."))
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise SourceError(_("The file declares XML entities, which are not accepted for safety.")) from error
    except (ParseError, ValueError) as error:
        raise SourceError(
            _("This is not an XML file (a WordPress export or an RSS or Atom feed): %(error)s")
            % {"error": error}
        ) from error
    channel = root.find("channel")
    if root.tag == "rss" and channel is not None and is_wxr(channel):
        return read_wxr(channel)
    if root.tag in ("rss", f"{{{ATOM_NAMESPACE}}}feed", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        return read_feed(data)
    raise SourceError(
        _("This XML file is not a WordPress export or an RSS or Atom feed (it starts with <%(tag)s>).")
        % {"tag": local_name(root.tag)}
    )


# --- WordPress (WXR) -------------------------------------------------------------------------


def local_name(tag):
    return tag.rsplit("}", 1)[-1]


def kind_of(tag):
    """'wp', 'excerpt', 'content', 'dc' or '' for an element's namespace, whatever the WXR version."""
    if not tag.startswith("{"):
        return ""
    namespace = tag[1:].split("}", 1)[0]
    if namespace.startswith(WP_NAMESPACE):
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    if namespace == CONTENT_NAMESPACE:
        return "content"
    if namespace == DC_NAMESPACE:
        return "dc"
    return "other"


def fields_of(element):
    """{(kind, name): text} of an element's children (the first of each)."""
    found = {}
    for child in element:
        found.setdefault((kind_of(child.tag), local_name(child.tag)), (child.text or "").strip())
    return found


def is_wxr(channel):
    return any(kind_of(child.tag) == "wp" for child in channel)


def read_wxr(channel):
    channel_fields = fields_of(channel)
    source = Source(format="wxr", title=channel_fields.get(("", "title"), ""))
    source.link = channel_fields.get(("wp", "base_blog_url")) or channel_fields.get(("", "link"), "")
    authors = {}
    for element in channel:
        if kind_of(element.tag) == "wp" and local_name(element.tag) == "author":
            author = fields_of(element)
            login = author.get(("wp", "author_login"), "")
            name = author.get(("wp", "author_display_name"), "") or login
            if login:
                authors[login] = html.unescape(name)
    attachments = {}  # wp:post_id -> (address, alt text), for the posts' featured images
    for item in channel.iter("item"):
        item_fields = fields_of(item)
        if item_fields.get(("wp", "post_type")) == "attachment" and item_fields.get(("wp", "post_id")):
            address = item_fields.get(("wp", "attachment_url")) or item_fields.get(("", "guid"), "")
            alt = " ".join(postmeta(item).get("_wp_attachment_image_alt", "").split())
            attachments[item_fields[("wp", "post_id")]] = (address, alt)
    for item in channel.iter("item"):
        post = read_wxr_item(item, authors, source)
        if post is not None:
            post.lead_image, post.lead_image_alt = attachments.get(
                postmeta(item).get("_thumbnail_id", ""), ("", "")
            )
            source.posts.append(post)
    return source


def postmeta(item):
    """{meta_key: meta_value} of an item's wp:postmeta (the first of each)."""
    found = {}
    for meta in item:
        if kind_of(meta.tag) == "wp" and local_name(meta.tag) == "postmeta":
            meta_fields = fields_of(meta)
            found.setdefault(
                meta_fields.get(("wp", "meta_key"), ""), meta_fields.get(("wp", "meta_value"), "")
            )
    return found


def read_wxr_item(item, authors, source):
    item_fields = fields_of(item)
    post_type = item_fields.get(("wp", "post_type"), "post")
    status = item_fields.get(("wp", "status"), "publish")
    source.comments += sum(1 for child in item if local_name(child.tag) == "comment")
    if post_type != "post" or status not in STATUSES:
        label = post_type if post_type != "post" else f"post ({status})"
        source.ignored[label] = source.ignored.get(label, 0) + 1
        return None
    title = html.unescape(item_fields.get(("", "title"), "")).strip()
    link = item_fields.get(("", "link"), "")
    guid = item_fields.get(("", "guid"), "")
    post_id = item_fields.get(("wp", "post_id"), "")
    aliases = [address for address in (guid,) if address and address != link]
    if post_id and source.link:
        short = urljoin(source.link.rstrip("/") + "/", f"?p={post_id}")
        if short not in aliases and short != link:
            aliases.append(short)
    post = SourcePost(
        key=guid or link or (f"wp-post-{post_id}" if post_id else ""),
        title=title,
        link=link,
        aliases=aliases,
        status=STATUSES[status],
        slug=item_fields.get(("wp", "post_name"), ""),
        content=item_fields.get(("content", "encoded"), ""),
        summary=item_fields.get(("excerpt", "encoded"), ""),
    )
    creator = item_fields.get(("dc", "creator"), "")
    if creator:
        post.authors = [authors.get(creator, creator)]
    tags = []
    for category in item.findall("category"):
        name = html.unescape((category.text or "").strip())
        wanted = category.get("domain") in ("post_tag", "category") and name.lower() not in UNCATEGORISED
        if name and wanted and name.lower() not in {tag.lower() for tag in tags}:
            tags.append(name)
    post.tags = tags
    post.published = wxr_date(item_fields)
    if not post.title:
        post.title = _("(untitled)")
    if not post.key:
        post.error = _("it has no GUID or permalink to recognise it by")
    elif post.published is None and post.status != DRAFT:
        post.error = _("its date cannot be read")
    return post


NO_DATE = "0000-00-00 00:00:00"


def wxr_date(item_fields):
    """The post's date: wp:post_date_gmt, else wp:post_date (site time, taken as UTC), else pubDate."""
    for name in ("post_date_gmt", "post_date"):
        value = item_fields.get(("wp", name), "")
        if value and value != NO_DATE:
            try:
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment
    return rfc822_date(item_fields.get(("", "pubDate"), ""))


def rfc822_date(value):
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.year < 1900:
        return None
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment.astimezone(datetime.UTC)


# --- RSS and Atom feeds ----------------------------------------------------------------------

TAG_PATTERN = re.compile(r"<[a-zA-Z!/]")


def read_feed(data):
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        raise SourceError(_("This file could not be read as an RSS or Atom feed."))
    feed = parsed.feed
    source = Source(
        format="atom" if version.startswith("atom") else "rss",
        title=feed.get("title", ""),
        link=feed.get("link", ""),
    )
    for entry in parsed.entries:
        source.posts.append(read_entry(entry))
    return source


def as_html(detail_value, detail_type):
    """Feed text as HTML: plain text gets its paragraphs."""
    if detail_type in ("text/html", "application/xhtml+xml") or TAG_PATTERN.search(detail_value or ""):
        return detail_value or ""
    paragraphs = [part.strip() for part in (detail_value or "").split("\n\n") if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def read_entry(entry):
    link = entry.get("link", "")
    key = entry.get("id") or link
    post = SourcePost(
        key=key,
        title=html.unescape(entry.get("title", "")).strip() or _("(untitled)"),
        link=link,
        aliases=[key] if key and key != link and key.startswith(("http://", "https://")) else [],
    )
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment:
        post.published = datetime.datetime(*moment[:6], tzinfo=datetime.UTC)
    post.authors = [author["name"] for author in entry.get("authors", []) if author.get("name")]
    tags = []
    for tag in entry.get("tags", []):
        name = (tag.get("label") or tag.get("term") or "").strip()
        if name and name.lower() not in UNCATEGORISED and name.lower() not in {t.lower() for t in tags}:
            tags.append(name)
    post.tags = tags
    contents = entry.get("content") or []
    if contents:
        post.content = "".join(as_html(part.get("value", ""), part.get("type", "")) for part in contents)
    summary = entry.get("summary_detail") or {}
    post.summary = as_html(summary.get("value", ""), summary.get("type", ""))
    if not post.content.strip():
        post.full_content = False
    if not key:
        post.error = _("it has no id or link to recognise it by")
    elif post.published is None:
        post.error = _("its date cannot be read")
    return post
