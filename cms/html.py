"""HTML that leaves the site (feed items, emails) and so must stand on its own.

Feed readers and mail clients have no "current page" to resolve relative
addresses against, and mail clients must never meet a script or an event
handler. One helper for each, shared by every app that sends HTML away; and
two that turn rich text into plain words and back, for places that take no markup.
"""

import functools
from html import escape
from urllib.parse import urljoin

from bs4 import BeautifulSoup


def absolutize_urls(html, base_url):
    """Make every link, image and form address in ``html`` absolute against ``base_url``."""
    soup = BeautifulSoup(html, "html.parser")
    for attribute in ("href", "src", "action"):
        for element in soup.find_all(attrs={attribute: True}):
            element[attribute] = urljoin(base_url, element[attribute])
    for element in soup.find_all(srcset=True):
        candidates = []
        for candidate in element["srcset"].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base_url, url)} {descriptor}".strip())
        element["srcset"] = ", ".join(candidates)
    return str(soup)


# Elements that end a line of text: their words must not run into the next element's.
TEXT_BREAKS = ("p", "li", "br", "h2", "h3", "h4", "ul", "ol", "div", "blockquote")


def rich_text_as_plain_text(html):
    """The words of a rich text value, for places that take no markup (meta tags, feeds, JSON-LD).

    Paragraphs and list items are separated by a space, so their words never run together;
    entities such as ``&amp;`` come back as the characters they stand for.
    """
    if not html:
        return ""
    return plain_words(str(html))


@functools.lru_cache(maxsize=2048)
def plain_words(html):
    """``rich_text_as_plain_text`` of a non-empty string, remembered for the last 2,048 texts.

    Listings, cards and feeds show the same intros on every request, and parsing each one
    again was a tenth of the time a feed took to render.
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(TEXT_BREAKS):
        element.insert_after(" ")
    return " ".join(soup.get_text().split())


def plain_text_as_rich_text(text):
    """Rich text holding ``text``: a paragraph for each blank-line-separated part, lines kept."""
    parts = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(escape(line, quote=False) for line in part.split("\n")) + "</p>"
        for part in parts
        if part
    )


def rich_text_as_editable_plain_text(html):
    """The text of rich text made only of paragraphs and line breaks, or None if it holds more.

    The reverse of ``plain_text_as_rich_text``: a plain text box can show such rich text and
    give it back unchanged. Links, lists or bold would be lost in a text box, so then: None.
    """
    soup = BeautifulSoup(html or "", "html.parser")
    paragraphs = []
    for element in soup.contents:
        if isinstance(element, str):
            if element.strip():
                return None
            continue
        if element.name != "p" or any(child.name not in (None, "br") for child in element.children):
            return None
        paragraphs.append("".join("\n" if child.name == "br" else str(child) for child in element.children))
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph.strip())
