"""Readers move between languages through the URL: /ur/, /ar/ and /pl/ hold the translations.

A page is served only at an address in its own language, and the sitemap lists
every language's pages with their translations as alternates.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import translation

from wagtail.contrib.sitemaps import Sitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

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
        return (
            Page.objects.filter(in_any_root, alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            # Each page as its own type (so a type may override get_sitemap_urls) without
            # reading every type's table: an entry needs only the address and the date.
            .specific(defer=True)
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = defaultdict(list)
        for other in (
            Page.objects.filter(translation_key__in={p.translation_key for p in pages}, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
        ):
            alternates[other.translation_key].append(
                {"lang_code": other.locale.language_code, "location": other.get_full_url(self.request)}
            )
        urls, last_mods = [], set()
        for item in pages:
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates[item.translation_key]) > 1:
                    url_info = {**url_info, "alternates": alternates[item.translation_key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
