"""Editors' promoted results (wagtail.contrib.search_promotions), kept in the cache.

Editors choose them in the admin (Settings > Promoted search results); readers' searches
read them from the cache, so a search costs no query for them. Saving or deleting a
promotion forgets the cache.
"""

from django.core.cache import cache

from wagtail.contrib.search_promotions.models import SearchPromotion

from modelsearch.utils import normalise_query_string

from cms import front_cache

PROMOTIONS_CACHE_KEY = "patchwork:search-promotions"


def all_promotions():
    promotions = cache.get(PROMOTIONS_CACHE_KEY)
    if promotions is None:
        promotions = {}
        for promotion in SearchPromotion.objects.select_related("query", "page").order_by("sort_order", "id"):
            page = promotion.page
            if page is not None and not page.live:
                continue
            promotions.setdefault(promotion.query.query_string, []).append(
                {
                    "title": page.title if page else promotion.external_link_text,
                    "path": page.path if page else None,
                    "url_path": page.url_path if page else None,
                    "url": promotion.external_link_url,
                    "description": promotion.description,
                }
            )
        cache.set(PROMOTIONS_CACHE_KEY, promotions, None)
    return promotions


def promotions_for(query, root, root_url):
    """The promoted results for these words, pages limited to the reader's site and language."""
    chosen = []
    for promotion in all_promotions().get(normalise_query_string(query), []):
        if promotion["path"] is not None:
            if not promotion["path"].startswith(root.path):
                continue
            url = root_url.rstrip("/") + "/" + promotion["url_path"][len(root.url_path) :]
        else:
            url = promotion["url"]
        chosen.append({"title": promotion["title"], "url": url, "description": promotion["description"]})
    return chosen


def forget_promotions(**kwargs):
    cache.delete(PROMOTIONS_CACHE_KEY)


def promotion_changed(**kwargs):
    """An editor saved or deleted a promotion: searches read it afresh, wherever they are kept."""
    forget_promotions()
    front_cache.ban_search_results_later()
