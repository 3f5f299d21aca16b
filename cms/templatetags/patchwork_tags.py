"""Template tags used by base.html and every app's templates."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from wagtail.models import Page, PageViewRestriction, Site

from cms.locales import language_code_for
from cms.site_cache import content_version, generation_cache, kept_for_generation
from cms.sites import page_site_url
from cms.structured_data import json_ld_script
from cms.visibility import request_restrictions

register = template.Library()

TRANSLATIONS_CACHE_SECONDS = 60 * 60


def page_language_code(context):
    page = context.get("page")
    if isinstance(page, Page) and page.locale_id:
        return language_code_for(page.locale_id)
    return translation.get_language() or "en-gb"


@register.simple_tag(takes_context=True)
def html_lang_attrs(context):
    """``lang`` and ``dir`` for <html>, from the page's locale (not the browser's)."""
    code = page_language_code(context)
    try:
        bidi = translation.get_language_info(code)["bidi"]
    except KeyError:
        bidi = False
    return format_html('lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


def alias_source_language(page):
    """The language an alias page's content is written in, when it differs from the page's own.

    wagtail-localize fills a translated tree's gaps with aliases: the page sits under /ur/ in
    the Urdu locale but shows the English page's words. None for any other page.
    """
    if not isinstance(page, Page) or not page.alias_of_id:
        return None
    source = page.alias_of  # read once: the head's canonical link reads it too
    code = language_code_for(source.locale_id) if source else None
    return code if code and code != language_code_for(page.locale_id) else None


@register.simple_tag(takes_context=True)
def content_lang_attrs(context):
    """`` lang`` and ``dir`` for the main content when it is in another language than the page
    (an alias showing an untranslated page), so screen readers read it in its own language."""
    code = alias_source_language(context.get("page"))
    if code is None:
        return ""
    bidi = translation.get_language_info(code)["bidi"]
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


@register.simple_tag(name="content_version")
def content_version_tag():
    """The cache generation (``cms.site_cache.content_version``), for ``{% cache %}`` to vary on.

    A fragment cached under it is drawn again after any publish, unpublish, move or delete, and
    after the other changes that start a new generation. Only for what an anonymous reader of
    the live page sees: not for previews, and not for forms holding what a reader typed. Keep
    such fragments in each process's memory: ``{% cache ... using="generations" %}``.
    """
    return content_version()


def live_translations(page):
    """The page's other live, public translations, in language order (cached on the page).

    The head's hreflang links and the language switcher share this. The list is kept in the
    cache for the current generation (``cms.site_cache.content_version``: any page published,
    unpublished, moved or deleted, any view restriction or language saved, starts a new one),
    so a page costs one query for its translations only when the cache does not have them.
    """
    if not isinstance(page, Page) or not page.pk:
        return []
    cached = getattr(page, "_patchwork_live_translations", None)
    key = f"patchwork:translations:{content_version()}:{page.pk}"
    if cached is None:
        cached = generation_cache().get(key)
    if cached is None:
        # Aliases (copies wagtail-localize makes of a translated page's parents) are not translations.
        cached = list(page.get_translations().live().filter(alias_of__isnull=True).select_related("locale"))
        if cached:
            # Leave out translations inside a restricted (private) part of the tree (the
            # restrictions are read once per request: cms.visibility).
            restricted = request_restrictions()
            if restricted is None:
                restricted = PageViewRestriction.objects.select_related("page")
            paths = [restriction.page.path for restriction in restricted]
            cached = [t for t in cached if not any(t.path.startswith(path) for path in paths)]
            order = [code for code, _name in settings.LANGUAGES]
            cached = sorted(
                cached,
                key=lambda t: (
                    order.index(t.locale.language_code) if t.locale.language_code in order else len(order)
                ),
            )
        generation_cache().set(key, cached, TRANSLATIONS_CACHE_SECONDS)
    page._patchwork_live_translations = cached
    return cached


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for the page and each of its live translations."""
    page = context.get("page")
    request = context.get("request")
    translations = live_translations(page)
    links = []
    if translations and not page.alias_of_id:
        # An alias (wagtail-localize's stand-in for an untranslated page) shows another
        # language's page: it is not a translation, so it claims no alternates.
        links = [(language_code_for(t.locale_id), t.get_full_url(request)) for t in [page, *translations]]
        # Readers whose language is not among them are sent to the site's default language.
        links += [("x-default", url) for code, url in list(links) if code == settings.LANGUAGE_CODE]
    return {"links": links}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it is published in; nothing when there are none.

    A page's own sub-addresses (a publication's tag or archive pages) have no translation
    of their own, so they show none (and cost no query).
    """
    request = context.get("request")
    links = []
    match = getattr(request, "routable_resolver_match", None)
    if match is not None and match.route:
        return {"links": links}
    for other in live_translations(context.get("page")):
        code = other.locale.language_code
        info = translation.get_language_info(code)
        links.append(
            {
                "url": other.get_url(request),
                "code": code,
                "name": info["name_local"],
                "dir": "rtl" if info["bidi"] else "ltr",
            }
        )
    return {"links": links}


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def main_navigation(context):
    """Links to the pages directly below the home page marked "show in menus".

    Kept per site and language under the cache generation (``cms.site_cache.content_version``):
    any publish, unpublish, move or delete starts a new one, so the menu is never stale.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    language = translation.get_language()

    def read():
        root = site.root_page.localized
        return [(root.get_url(request), root.title)] + [
            (child.get_url(request), child.title) for child in root.get_children().live().public().in_menu()
        ]

    items = kept_for_generation(f"patchwork:navigation:{site.pk}:{language}", read)
    current = request.path if request else ""
    return {"items": items, "current_path": current}


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context):
    """The live pages between the site's home page and this one.

    No query when the page was found by ``cms.routing``, which read them on the way;
    otherwise one.
    """
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    walked = getattr(context.get("request"), "route_ancestors", None)
    if walked and page.path.startswith(walked[-1].path) and len(walked) == page.depth - 2:
        return [ancestor for ancestor in walked if ancestor.live]
    return list(
        page.get_ancestors().filter(depth__gte=2).live().only("id", "title", "url_path", "path", "depth")
    )


@register.simple_tag(takes_context=True)
def webcal_url(context, path):
    """The ``webcal://`` address of a calendar feed on this site.

    Phones and calendar apps open a webcal link as a subscription that they
    refresh by themselves; an https link to the same .ics only imports a copy
    that never learns about the next surgery or a cancellation.
    """
    request = context.get("request")
    if request is not None:
        absolute = request.build_absolute_uri(path)
    else:  # an email or a fragment rendered outside a request: the host of the page's own Site
        page = context.get("page")
        absolute = page_site_url(page if isinstance(page, Page) else None) + path
    return "webcal://" + absolute.split("://", 1)[1]


@register.simple_tag
def json_ld(data):
    """``{% json_ld data %}``: schema.org data as a <script type="application/ld+json"> block."""
    return json_ld_script(data)


@register.filter
def bound_fields(form, names):
    """The form's fields named in ``names`` (space-separated), in order: one include draws them all."""
    return [form[name] for name in names.split()]
