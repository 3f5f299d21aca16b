"""The site's languages, kept in the cache: every page asks for its own and the reader's.

The locale table is tiny and changes only when an administrator adds or edits a
language, yet Wagtail reads it on every request (the reader's language when routing
a page, the page's own for ``<html lang>``). It is read once per cache generation
(``cms.site_cache``), which saving or deleting a locale renews, into each process's memory.
"""

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

from cms.site_cache import kept_for_generation

LANGUAGE_CODES_CACHE_KEY = "patchwork:locale-language-codes"


def language_codes(refresh=False):
    """{locale id: language code} for every locale."""
    return kept_for_generation(
        LANGUAGE_CODES_CACHE_KEY,
        lambda: dict(Locale.objects.values_list("id", "language_code")),
        refresh=refresh,
    )


def language_code_for(locale_id):
    """The language code of the locale with this id (a query only when the cache is cold)."""
    codes = language_codes()
    if locale_id not in codes:
        codes = language_codes(refresh=True)
    return codes.get(locale_id)


_wagtail_get_for_language = LocaleManager.get_for_language


def _get_for_language(self, language_code):
    # Wagtail's LocaleManager.get_for_language, answered from the cache.
    code = get_supported_content_language_variant(language_code)
    for locale_id, known in language_codes().items():
        if known == code:
            return Locale.from_db(self.db, ["id", "language_code"], [locale_id, known])
    return _wagtail_get_for_language(self, language_code)  # not known yet: ask the database


def install():
    """Called once from ``CmsConfig.ready``."""
    LocaleManager.get_for_language = _get_for_language
