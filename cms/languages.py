"""Readers move between languages through the URL: /ur/, /ar/ and /pl/ hold the translations.

A page is served only at an address in its own language, and the sitemap lists
every language's pages with their translations as alternates.
"""

import re
from collections import defaultdict
from datetime import datetime
from functools import reduce
from operator import or_
from urllib.parse import quote

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemaps
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.urls import serve_pattern

from cms.locales import language_code_for


def supported_language(code):
    """``code`` as one of the site's languages (``ur-PK`` becomes ``ur``), or the site's default."""
    try:
        return get_supported_content_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def reader_language():
    """The language the reader is using now (the address's /ur/, /ar/ or /pl/ prefix).

    Stored with a sign-up or a booking, so every email they get later is written in it.
    """
    return supported_language(translation.get_language())


def refuse_page_in_another_language(page, request, serve_args, serve_kwargs):
    """``before_serve_page``: 404 for a page asked for under another language's prefix.

    Wagtail falls back to the site's English home page when a language has no home
    page of its own, so /ar/ would otherwise show English under an Arabic address.
    """
    language = get_supported_content_language_variant(translation.get_language())
    if language_code_for(page.locale_id) != language:
        raise Http404("This page has not been published in this language.")


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap, with every language's pages and ``xhtml:link`` alternates.

    Wagtail lists only the pages below the site's (English) home page; translations
    live below their own home pages, next to it. Aliases (wagtail-localize's stand-ins
    for a translated page's untranslated parents) repeat another page, so are left out.
    """

    @property
    def limit(self):
        """Pages listed per sitemap page (the sitemap index links each one)."""
        return settings.SITEMAP_URLS_PER_PAGE

    def get_latest_lastmod(self):
        """The newest change, for the sitemap index, in one query (not by reading every page)."""
        return (
            self.items()
            .order_by()
            .aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))["latest"]
        )

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_root = reduce(or_, (Q(path__startswith=root.path) for root in roots), Q(pk__in=[]))
        return Page.objects.filter(in_any_root, alias_of__isnull=True).live().public().order_by("path")

    def _urls(self, page, protocol, domain):
        """The addresses of one sitemap page, with their alternates, from two queries of plain values.

        Wagtail asks each page for its address (a ``reverse`` under its language, ~0.6 ms each);
        here the address of each site root in each language is worked out once and every page's
        address is that plus the rest of its ``url_path``, as ``Page.get_url_parts`` makes it.
        A page type that overrides ``get_sitemap_urls`` is still asked itself.
        """
        fields = ("id", "url_path", "translation_key", "content_type_id", "last_published_at")
        rows = list(
            self.paginator.page(page)
            .object_list.values_list(*fields, "latest_revision_created_at")
            .iterator()
        )
        addresses = PageAddresses(self.request)
        alternates = defaultdict(list)
        for key, url_path, language_code in (
            Page.objects.filter(translation_key__in={row[2] for row in rows}, alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .values_list("translation_key", "url_path", "locale__language_code")
        ):
            location = addresses.full_url(url_path)
            if location is not None:
                alternates[key].append({"lang_code": language_code, "location": location})
        for entries in alternates.values():
            if len(entries) > 1:  # readers of any other language are sent to the default language's page
                entries += [
                    {"lang_code": "x-default", "location": entry["location"]}
                    for entry in list(entries)
                    if entry["lang_code"] == settings.LANGUAGE_CODE
                ]
        own = own_sitemap_urls([row[3] for row in rows], [row[0] for row in rows], self.request)
        urls, last_mods = [], set()
        for page_id, url_path, key, _type_id, published, revised in rows:
            if page_id in own:
                entries = own[page_id]
            else:
                entries = [{"location": addresses.full_url(url_path), "lastmod": published or revised}]
            for url_info in entries:
                if len(alternates[key]) > 1:
                    url_info = {**url_info, "alternates": alternates[key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def own_sitemap_urls(type_ids, page_ids, request):
    """{page id: its get_sitemap_urls()} for the pages whose type lists itself in the sitemap."""
    from django.contrib.contenttypes.models import ContentType

    types = {
        type_id
        for type_id in set(type_ids)
        if (model := ContentType.objects.get_for_id(type_id).model_class()) is not None
        and model.get_sitemap_urls is not Page.get_sitemap_urls
    }
    if not types:
        return {}
    chosen = [page_id for page_id, type_id in zip(page_ids, type_ids, strict=True) if type_id in types]
    return {page.pk: page.get_sitemap_urls(request) for page in Page.objects.filter(pk__in=chosen).specific()}


class PageAddresses:
    """Full URLs of pages from their ``url_path``, as ``Page.get_full_url`` gives them, without a
    ``reverse`` per page: each site root's address in its language is reversed once."""

    def __init__(self, request):
        from wagtail.models import Site

        self.request = request
        self.roots = Site.get_site_root_paths()
        self.site = Site.find_for_request(request) if len({root.site_id for root in self.roots}) > 1 else None
        self.prefixes = {}

    def prefix(self, language_code):
        """The path of a site root in ``language_code`` (``/``, ``/ur/``), as Wagtail reverses it."""
        if language_code not in self.prefixes:
            try:
                if get_supported_content_language_variant(translation.get_language()) == language_code:
                    language_code = translation.get_language()
            except LookupError:
                pass
            try:
                with translation.override(language_code):
                    self.prefixes[language_code] = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                self.prefixes[language_code] = None
        return self.prefixes[language_code]

    def full_url(self, url_path):
        """The page's full URL, or None where it is not routable (no site, or not reversible)."""
        matching = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not matching:
            return None
        chosen = matching[0]
        if self.site is not None:
            chosen = next((root for root in matching if root.site_id == self.site.pk), chosen)
        prefix = self.prefix(chosen.language_code)
        rest = url_path[len(chosen.root_path) :]
        if prefix is None or not re.match(serve_pattern, rest):
            return None
        return chosen.root_url + escape_leading_slashes(quote(prefix + rest, safe=RFC3986_SUBDELIMS + "/~:@"))


def sitemap_xml(urls):
    """The ``<urlset>`` Django's ``sitemap.xml`` template writes, as one string.

    The template spends about 1 ms per address (a loop of ``if``, ``date`` and an inner loop);
    a sitemap page lists up to SITEMAP_URLS_PER_PAGE of them.
    """
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if lastmod := url.get("lastmod"):
            if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
                lastmod = timezone.localtime(lastmod)
            parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
        if changefreq := url.get("changefreq"):
            parts.append(f"<changefreq>{escape(changefreq)}</changefreq>")
        if priority := url.get("priority"):
            parts.append(f"<priority>{escape(priority)}</priority>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
            f' href="{escape(alternate["location"])}"/>'
            for alternate in url.get("alternates", ())
        )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def sitemap_page(request, sitemaps, section):
    """Wagtail's (Django's) sitemap page view, with its XML written by ``sitemap_xml``.

    The view still chooses the page, answers 404 past the end and sets Last-Modified."""
    response = wagtail_sitemaps.sitemap(request, sitemaps, section=section)
    response.content = sitemap_xml(response.context_data["urlset"])
    return response
