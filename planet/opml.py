"""OPML, the list-of-feeds file every feed reader imports and exports, for a place's sources.

Export writes each feed of a place as an ``<outline type="rss">``. Import reads any OPML
file (outlines may be nested in folders) with defusedxml, so a file with entity tricks or
a DTD is refused; each new address becomes a feed waiting for approval, addresses the place
has already (or that appear twice) are skipped, and entries without a usable http(s)
address are reported with the reason.
"""

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from .models import ExternalFeed

MAX_OPML_BYTES = 1024 * 1024
MAX_OUTLINES = 500


class OpmlError(Exception):
    """The file as a whole cannot be read; the message says why, for the person uploading it."""


def export_opml(place, feeds):
    """The OPML document (bytes) listing ``feeds`` of ``place``."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = _("Blogs from elsewhere in %(place)s") % {"place": place.title}
    SubElement(head, "dateCreated").text = http_date(timezone.now().timestamp())
    body = SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": str(feed), "title": str(feed), "xmlUrl": feed.url}
        if feed.site_link:
            attributes["htmlUrl"] = feed.site_link
        SubElement(body, "outline", attributes)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # ExternalFeed
    duplicates: list = field(default_factory=list)  # (title, url)
    bad: list = field(default_factory=list)  # (title, url, reason)


def web_address(value):
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return None
    return value if len(value) <= 1000 else None


def read_outlines(data):
    """(title, xmlUrl, htmlUrl) of every outline with an xmlUrl attribute, or an OpmlError."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(_("The file is too big: an OPML list of feeds is at most 1 MB."))
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except (defusedxml.ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise OpmlError(
            _("This is not an OPML file (it is not readable XML: %(error)s).") % {"error": error}
        ) from error
    if root.tag != "opml" or root.find("body") is None:
        raise OpmlError(_("This is not an OPML file: it has no <opml> and <body>."))
    outlines = [outline for outline in root.iter("outline") if outline.get("xmlUrl") is not None]
    if len(outlines) > MAX_OUTLINES:
        raise OpmlError(_("The file lists more than %(count)d feeds.") % {"count": MAX_OUTLINES})
    return [
        (
            (outline.get("title") or outline.get("text") or "").strip()[:200],
            outline.get("xmlUrl"),
            outline.get("htmlUrl"),
        )
        for outline in outlines
    ]


@transaction.atomic
def import_opml(place, data, user):
    """Add each new feed of the OPML ``data`` to ``place``, waiting for approval; an ImportReport."""
    report = ImportReport()
    known = set(ExternalFeed.objects.filter(place=place).values_list("url", flat=True))
    for title, feed_url, site_url in read_outlines(data):
        url, site_link = web_address(feed_url), web_address(site_url)
        if not url:
            report.bad.append((title, feed_url, _("The feed address is not an http or https web address.")))
            continue
        if site_link is None:
            site_link = ""
        if url in known:
            report.duplicates.append((title, url))
            continue
        known.add(url)
        report.created.append(
            ExternalFeed.objects.create(place=place, url=url, title=title, site_link=site_link, added_by=user)
        )
    return report
