"""Turning a post's HTML from another blog into the blocks of a post's body.

The HTML is sanitised with nh3 first (no scripts, styles, event handlers or odd addresses), then
read top to bottom: headings become heading blocks (h2 to h4), pictures become image blocks
(downloaded by the caller's ``image_for``), YouTube and Vimeo frames or links on their own line
become click-to-load videos, quotations become quotes, and the text between them becomes
paragraph blocks holding only what the editor offers (bold, italic, links, lists). WordPress's
habits are understood: paragraphs written as blank lines, [caption] and [embed] shortcodes,
linked pictures, block-editor figures.
"""

import re
from html import escape
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..blocks import embed_player_for

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "cite", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
    "h6", "img", "figure", "figcaption", "blockquote", "iframe", "div", "span", "section", "article",
    "pre", "code", "table", "tbody", "thead", "tr", "td", "th", "sup", "sub", "u", "s", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "title"}, "iframe": {"src", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
HEADING_LENGTH = 120
CAPTION_LENGTH = 250
VIDEO_TITLE_LENGTH = 150
BLOCK_CONTAINERS = {"div", "section", "article", "pre", "table", "tbody", "thead", "tr", "td", "th"}

CAPTION_SHORTCODE = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
CAPTIONED_IMAGE = re.compile(r"\s*((?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?)(.*)", re.S | re.I)
EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
YOUTUBE_SHORTCODE = re.compile(r"\[youtube[= ]([^\]\s]+)[^\]]*\]", re.I)
DROPPED_SHORTCODES = re.compile(r"\[/?(?:gallery|audio|video|playlist|contact-form)\b[^\]]*\]", re.I)
BLOCK_START = re.compile(
    r"^<(?:p|h[1-6]|ul|ol|li|blockquote|figure|div|iframe|table|pre|hr|section|article)\b", re.I
)
HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.I)
URL_ALONE = re.compile(r"^https?://\S+$")


def expand_shortcodes(content):
    def caption(match):
        inner = CAPTIONED_IMAGE.match(match.group(1))
        if not inner:
            return match.group(1)
        return f"<figure>{inner.group(1)}<figcaption>{inner.group(2).strip()}</figcaption></figure>"

    content = CAPTION_SHORTCODE.sub(caption, content)
    content = EMBED_SHORTCODE.sub(lambda match: f"\n\n{match.group(1).strip()}\n\n", content)
    content = YOUTUBE_SHORTCODE.sub(lambda match: f"\n\n{match.group(1).strip()}\n\n", content)
    return DROPPED_SHORTCODES.sub("", content)


def add_paragraphs(content):
    """WordPress's "classic" posts keep paragraphs as blank lines; give them <p> as WordPress would."""
    if HAS_PARAGRAPHS.search(content):
        return content
    parts = []
    for chunk in re.split(r"\n\s*\n", content.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            parts.append(chunk)
        else:
            parts.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(parts)


def sanitise(content):
    """The post's HTML with only harmless elements and attributes left, paragraphs made explicit."""
    return nh3.clean(
        add_paragraphs(expand_shortcodes(content or "")),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def words(node):
    return " ".join(node.get_text(" ").split())


def cut(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class BodyBuilder:
    """Reads sanitised HTML into a list of ``{"type": ..., "value": ...}`` blocks (raw StreamField data).

    ``image_for(url, alt)`` returns an image id (or None when the picture could not be had);
    ``links.page_for(url)`` the id of the new page an old address now lives at (or None);
    ``links.is_source(url)`` whether an address belongs to a post of this import, so a link to a
    post not made yet is noted in ``pending_links`` and rewritten once it exists.
    """

    def __init__(self, *, base_url, title, image_for, links, own_link=""):
        self.base_url = base_url or ""
        self.own_link = own_link  # the post's old address: a link to it stays a link there
        self.title = title
        self.image_for = image_for
        self.links = links
        self.blocks = []
        self.rich = []  # paragraphs and lists waiting to become one paragraph block
        self.loose = []  # inline HTML waiting to become one <p>
        self.pending_links = set()
        self.warnings = []
        self.images = 0

    def build(self, content):
        soup = BeautifulSoup(sanitise(content), "html.parser")
        self.walk_blocks(soup.contents)
        self.flush()
        return self.blocks

    # --- collecting ----------------------------------------------------------------------

    def close_loose(self):
        # Two line breaks in a row (Blogger's way) end a paragraph.
        for part in re.split(r"(?:<br/>\s*){2,}", "".join(self.loose)):
            text = re.sub(r"^(?:\s*<br/>)+|(?:<br/>\s*)+$", "", part.strip()).strip()
            if BeautifulSoup(text, "html.parser").get_text().strip():
                self.rich.append(f"<p>{text}</p>")
        self.loose = []

    def flush(self):
        self.close_loose()
        if self.rich:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich)})
            self.rich = []

    def add_block(self, block_type, value):
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    # --- reading -------------------------------------------------------------------------

    def walk_blocks(self, nodes):
        for node in list(nodes):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip() or self.loose:
                    self.loose.append(escape(str(node), quote=False))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name
            if name in HEADING_LEVELS:
                text = words(node)
                if text:
                    self.add_block(
                        "heading", {"text": cut(text, HEADING_LENGTH), "level": HEADING_LEVELS[name]}
                    )
                for picture in node.find_all("img"):
                    self.image(picture)
            elif name == "p":
                self.close_loose()
                if not self.video_link(node):
                    self.walk_inline(node)
                    self.close_loose()
            elif name in ("ul", "ol"):
                self.close_loose()
                self.rich.append(self.list_html(node))
                for picture in node.find_all("img"):
                    self.image(picture)
            elif name == "blockquote":
                self.quote(node)
            elif name == "img":
                self.image(node)
            elif name == "iframe":
                self.iframe(node)
            elif name == "figure":
                self.figure(node)
            elif name in BLOCK_CONTAINERS or node.find(BLOCK_ELEMENTS):
                self.close_loose()
                self.walk_blocks(node.contents)
                self.close_loose()
            else:
                self.walk_inline_node(node)

    def walk_inline(self, container):
        for child in list(container.contents):
            self.walk_inline_node(child)

    def walk_inline_node(self, node):
        if isinstance(node, Tag) and (
            node.name in ("img", "iframe", "figure") or node.find(["img", "iframe"])
        ):
            self.close_loose()
            if node.name == "img":
                self.image(node)
            elif node.name == "iframe":
                self.iframe(node)
            elif node.name == "figure":
                self.figure(node)
            else:
                self.walk_inline(node)
        else:
            self.loose.append(self.inline(node))

    def inline(self, node):
        """Inline HTML in the editor's own terms: <b>, <i>, <a>, <br/> and text."""
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return escape(str(node), quote=False)
        if node.name == "br":
            return "<br/>"
        inner = "".join(self.inline(child) for child in node.contents)
        if node.name in ("b", "strong"):
            return f"<b>{inner}</b>" if inner.strip() else inner
        if node.name in ("i", "em", "cite"):
            return f"<i>{inner}</i>" if inner.strip() else inner
        if node.name == "a":
            return self.link(node.get("href"), inner)
        if node.name in ("p", "li", "div", "tr") or node.name in HEADING_LEVELS:
            return f" {inner} "
        return inner

    def link(self, href, inner):
        if not href or not inner.strip():
            return inner
        if href.startswith(("mailto:", "tel:")):
            return f'<a href="{escape(href)}">{inner}</a>'
        address = urljoin(self.base_url, href)
        if self.own_link and address == self.own_link:
            return f'<a href="{escape(address)}">{inner}</a>'
        page_id = self.links.page_for(address)
        if page_id:
            return f'<a linktype="page" id="{page_id}">{inner}</a>'
        if self.links.is_source(address):
            self.pending_links.add(address)
        return f'<a href="{escape(address)}">{inner}</a>'

    def list_html(self, node):
        items = []
        for item in node.find_all("li", recursive=False):
            text = self.inline(item).strip()
            if text:
                items.append(f"<li>{text}</li>")
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    def video_link(self, paragraph):
        """A paragraph holding only a YouTube or Vimeo address (WordPress's oEmbed): a video block."""
        if paragraph.find(["img", "iframe"]):
            return False
        text = words(paragraph)
        if not URL_ALONE.match(text) or not embed_player_for(text):
            return False
        self.add_block("video", {"url": text, "title": cut(self.title, VIDEO_TITLE_LENGTH), "caption": ""})
        return True

    def iframe(self, node, caption=""):
        source = node.get("src", "")
        if source.startswith("//"):
            source = "https:" + source
        if embed_player_for(source):
            title = " ".join((node.get("title") or "").split()) or self.title
            self.add_block(
                "video",
                {
                    "url": source,
                    "title": cut(title, VIDEO_TITLE_LENGTH),
                    "caption": cut(caption, CAPTION_LENGTH),
                },
            )
        else:
            host = urlsplit(source).hostname or source
            self.warnings.append(_("An embedded frame from %(host)s was left out.") % {"host": host})

    def figure(self, node):
        caption_element = node.find("figcaption")
        caption = words(caption_element) if caption_element else ""
        if caption_element:
            caption_element.extract()
        frame = node.find("iframe")
        picture = node.find("img")
        if frame is not None:
            self.iframe(frame, caption)
        elif picture is not None:
            self.image(picture, caption)
            for other in node.find_all("img")[1:]:
                self.image(other)
        else:
            text = words(node)
            if URL_ALONE.match(text) and embed_player_for(text):
                self.add_block(
                    "video",
                    {"url": text, "title": cut(self.title, VIDEO_TITLE_LENGTH), "caption": cut(caption, 250)},
                )
            else:
                self.close_loose()
                self.walk_blocks(node.contents)
                self.close_loose()

    def image(self, node, caption=""):
        source = node.get("src", "")
        if not source:
            return
        alt = " ".join((node.get("alt") or "").split())
        address = urljoin(self.base_url, source)
        image_id = self.image_for(address, alt)
        if image_id is None:
            self.warnings.append(_("The picture %(url)s could not be brought over.") % {"url": address})
            return
        self.images += 1
        self.add_block(
            "image",
            {
                "image": {"image": image_id, "alt_text": alt, "decorative": False},
                "caption": cut(caption, CAPTION_LENGTH),
            },
        )

    def quote(self, node):
        cite = node.find("cite")
        attribution = words(cite) if cite else ""
        if cite:
            cite.extract()
        paragraphs = [words(part) for part in node.find_all("p")] or [words(node)]
        text = "\n\n".join(part for part in paragraphs if part)
        if text:
            attribution = cut(attribution.lstrip("\u2014\u2013- "), 120)
            self.add_block("quote", {"text": text, "attribution": attribution})


BLOCK_ELEMENTS = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "iframe",
    "div",
]


def rewrite_links(blocks, links, own_link=""):
    """The blocks with links to old addresses that now have a page pointed at that page.

    Returns (blocks, changed). Only paragraph blocks hold links.
    """
    changed = False
    pattern = re.compile(r'<a href="([^"]*)">')

    def replace(match):
        nonlocal changed
        address = unescape_attribute(match.group(1))
        page_id = links.page_for(address) if address != own_link else None
        if page_id is None:
            return match.group(0)
        changed = True
        return f'<a linktype="page" id="{page_id}">'

    result = []
    for block in blocks:
        if block["type"] == "paragraph":
            block = {**block, "value": pattern.sub(replace, block["value"])}
        result.append(block)
    return result, changed


def unescape_attribute(value):
    return value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
