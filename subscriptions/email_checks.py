"""Checks an issue's email before it goes: things an editor can fix, shown as warnings, never a block.

``email_warnings`` reads the HTML and plain text exactly as a subscriber gets them
(``IssueEmail.parts``) with an HTML parser, and returns a list of ``EmailWarning``:

- ``missing-alt``: a content picture whose ``alt`` is missing or empty. Pictures marked
  decorative (``role="presentation"``/``"none"`` or ``aria-hidden="true"``) and spacers
  (no more than 2 px wide or high) are left out.
- ``private-link``: a link (or picture address) readers cannot open: a path under the
  Wagtail admin (which is where page previews live), ``localhost``/``127.0.0.1``, or the
  admin's own host when it is not the issue's site host.
- ``mostly-images``: fewer than ``WORDS_PER_PICTURE`` words of plain text per content
  picture. The plain-text version is what people read when their mail client hides
  pictures (many do until asked), so an issue that is mostly pictures says little there;
  web addresses in the text do not count as words.
- ``clipped``: HTML over ``CLIP_BYTES``. Gmail clips messages at 102 KB and shows
  "[Message clipped]", hiding the end of the issue and its unsubscribe link.
"""

from dataclasses import dataclass
from posixpath import basename
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, ngettext

from bs4 import BeautifulSoup

from .rendering import UNSUBSCRIBE_PLACEHOLDER

CLIP_BYTES = 100 * 1024
WORDS_PER_PICTURE = 50
SPACER_PIXELS = 2
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}  # noqa: S104 - a host name compared, not bound


@dataclass(frozen=True)
class EmailWarning:
    code: str
    message: str


def _pixels(value):
    try:
        return int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None


def _is_decorative(img):
    if (img.get("role") or "").strip().lower() in {"presentation", "none"}:
        return True
    if (img.get("aria-hidden") or "").strip().lower() == "true":
        return True
    sizes = [_pixels(img.get("width")), _pixels(img.get("height"))]
    return any(size is not None and size <= SPACER_PIXELS for size in sizes)


def _picture_name(src, image_names):
    """The picture's title from ``image_names`` (keyed by file name), else its file name."""
    filename = unquote(basename(urlsplit(src or "").path))
    if image_names and filename in image_names:
        return image_names[filename]
    return filename.split(".")[0] or src or "?"


def _admin_prefix():
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


def _is_private(address, admin_prefix, private_hosts):
    if not address or address == UNSUBSCRIBE_PLACEHOLDER or address.startswith(("mailto:", "tel:", "#")):
        return False
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if host in private_hosts or host.endswith(".localhost"):
        return True
    return parts.path.startswith((admin_prefix, "/admin/"))


def _private_hosts(site_url):
    hosts = set(LOCAL_HOSTS)
    admin_host = (urlsplit(settings.WAGTAILADMIN_BASE_URL or "").hostname or "").lower()
    site_host = (urlsplit(site_url or "").hostname or "").lower()
    if admin_host and site_host and admin_host != site_host:
        hosts.add(admin_host)
    return hosts


def _quoted(names):
    return ", ".join(f"“{name}”" for name in names)


def _words(text):
    return [word for word in text.split() if "://" not in word and any(ch.isalnum() for ch in word)]


def email_warnings(html, text, *, site_url=None, image_names=None):
    """Warnings for an issue's email, each naming what to fix; an empty list when all is well.

    ``site_url``: the issue's own site root (links to the admin's host are flagged only when it
    differs). ``image_names``: picture titles keyed by the file name of their address, so a
    warning can name "Seed swap" rather than ``seed_swap.width-1200.jpg``.
    """
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    warnings = []

    pictures = [img for img in body.find_all("img") if not _is_decorative(img)]
    undescribed = [img for img in pictures if not (img.get("alt") or "").strip()]
    if undescribed:
        names = [_picture_name(img.get("src"), image_names) for img in undescribed]
        count = len(names)
        warnings.append(
            EmailWarning(
                "missing-alt",
                ngettext(
                    "%(count)d picture has no description: %(names)s. Add one in Images so people "
                    "using screen readers, or whose mail hides pictures, know what it shows.",
                    "%(count)d pictures have no description: %(names)s. Add one in Images so people "
                    "using screen readers, or whose mail hides pictures, know what they show.",
                    count,
                )
                % {"count": count, "names": _quoted(names)},
            )
        )

    admin_prefix = _admin_prefix()
    private_hosts = _private_hosts(site_url)
    private = []
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in body.find_all(tag):
            address = (element.get(attribute) or "").strip()
            if _is_private(address, admin_prefix, private_hosts) and address not in private:
                private.append(address)
    if private:
        warnings.append(
            EmailWarning(
                "private-link",
                ngettext(
                    "%(count)d link goes to an address readers cannot open (the admin, a preview or "
                    "this computer): %(addresses)s. Link to the published page instead.",
                    "%(count)d links go to addresses readers cannot open (the admin, a preview or "
                    "this computer): %(addresses)s. Link to the published pages instead.",
                    len(private),
                )
                % {"count": len(private), "addresses": ", ".join(private)},
            )
        )

    if pictures:
        words = len(_words(text))
        if words < WORDS_PER_PICTURE * len(pictures):
            warnings.append(
                EmailWarning(
                    "mostly-images",
                    gettext(
                        "This issue is mostly pictures: %(words)d words of text for %(pictures)d "
                        "pictures (aim for at least %(per_picture)d words each). Many mail clients hide "
                        "pictures until the reader allows them, so put the news in words too."
                    )
                    % {"words": words, "pictures": len(pictures), "per_picture": WORDS_PER_PICTURE},
                )
            )

    size = len(html.encode("utf-8"))
    if size > CLIP_BYTES:
        warnings.append(
            EmailWarning(
                "clipped",
                gettext(
                    "This email is %(size)d KB. Gmail and some other mail clients cut off emails over "
                    "about 100 KB, hiding the end of the issue and the unsubscribe link. Shorten it or "
                    "move some stories to the website."
                )
                % {"size": round(size / 1024)},
            )
        )
    return warnings
