from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def searchable_pages(request):
    """Live, public pages of this site in the language the reader is using."""
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none()
    root = site.root_page.localized
    return Page.objects.live().public().descendant_of(root, inclusive=True).filter(locale_id=root.locale_id)


def clean_query(text):
    """The words to look for: control characters (a NUL breaks the database) dropped, length capped."""
    printable = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@require_safe
@never_cache
def search(request):
    """Full-text search. Results depend on the query, so they are never cached,
    and the page asks search engines not to index it."""
    query = clean_query(request.GET.get("query", ""))
    results_page = None
    if query:
        results = searchable_pages(request).search(query)
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results_page,
            "pagination_query": urlencode({"query": query}),
            "seo_noindex": True,
        },
    )
