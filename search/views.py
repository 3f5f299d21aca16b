from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from cms.widgets import option_tags

from . import engine, kinds
from .models import UnmatchedSearch
from .promotions import promotions_for
from .suggestions import did_you_mean

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Seconds a shared cache may keep a search's results. Changes to pages drop every kept search at
# once, but the task worker puts a published page into the search index a moment after the
# publish (cms.settings TASK_WORKER_POLL_SECONDS): a search made in between is kept only this long.
RESULTS_KEPT_SECONDS = 60


class BadFilter(ValueError):
    pass


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


def _scope(params, name, root, content_types, message):
    value = params.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise BadFilter(message)
    page = (
        Page.objects.live()
        .filter(
            id=int(value),
            content_type_id__in=content_types,
            locale_id=root.locale_id,
            path__startswith=root.path,
        )
        .only("id", "title", "path", "depth")
        .first()
    )
    if page is None:
        raise BadFilter(message)
    return page


def _day(params, name, message):
    value = params.get(name, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(message) from None


def read_filters(params, root):
    """The filters from the address; a value that cannot be one is refused with a message."""
    chosen_kinds = params.getlist("kind")
    if any(kind not in kinds.KINDS for kind in chosen_kinds):
        raise BadFilter(_("Choose a kind from the list."))
    filters = engine.Filters(
        kinds=sorted(set(chosen_kinds)),
        place=_scope(params, "place", root, kinds.place_content_types(), _("Choose a place from the list.")),
        publication=_scope(
            params,
            "publication",
            root,
            kinds.publication_content_types(),
            _("Choose a publication from the list."),
        ),
        date_from=_day(params, "from", _("Give the first date as year-month-day, e.g. 2026-03-01.")),
        date_to=_day(params, "to", _("Give the last date as year-month-day, e.g. 2026-03-31.")),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise BadFilter(_("The first date must be before the last date."))
    return filters


def menu_options(choices, left_out=None):
    """The <option>s of the place or publication menu, each with its number of results if counted.

    Written out in one pass (cms.widgets.option_tags): a word in every post offers every place
    and publication (250 in the 100,000-post town), which took a template loop ~8 ms a search."""
    return option_tags(
        (choice_id, title if n is None else f"{title} ({n})")
        for choice_id, title, n in choices
        if choice_id != left_out
    )


def remember_unmatched(query):
    language = get_language() or ""
    updated = UnmatchedSearch.objects.filter(query_string=query.lower(), language_code=language).update(
        hits=F("hits") + 1
    )
    if not updated:
        UnmatchedSearch.objects.get_or_create(query_string=query.lower(), language_code=language)


def page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@require_safe
def search(request):
    """Full-text search with filters; the page asks search engines not to index it.

    Results are the same for every reader of an address (words, filters, page, language), so
    they are public like any page and kept by shared caches for ``RESULTS_KEPT_SECONDS``; the
    front cache drops every search whenever a page is published, unpublished or moved, or a
    promotion changes (cms.front_cache). A search that finds nothing is never stored: each one
    is counted for the editors' "searches with no results".
    """
    request.shared_cache_max_seconds = RESULTS_KEPT_SECONDS
    # "q" is what most sites (and browsers' search shortcuts) send; our own form sends "query".
    query = clean_query(request.GET.get("query") or request.GET.get("q", ""))
    site = Site.find_for_request(request)
    root = site.root_page.localized if site else None
    context = {"search_query": query, "search_results": None, "seo_noindex": True, "kinds": kinds.KINDS}
    status = 200
    filters = engine.Filters()
    if root is not None:
        try:
            filters = read_filters(request.GET, root)
        except BadFilter as error:
            context["filter_error"] = str(error)
            status = 400
    context["filters"] = filters
    if query and root is not None and status == 200:
        root_url = root.get_url(request) or "/"
        number = page_number(request.GET.get("page"))
        offset = (number - 1) * RESULTS_PER_PAGE
        outcome = engine.search(query, root, root_url, filters, offset, RESULTS_PER_PAGE)
        last = max(1, -(-outcome.total // RESULTS_PER_PAGE))
        if number > last:  # past the end: show the last page
            number = last
            outcome = engine.search(
                query, root, root_url, filters, (number - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE
            )
        paginator = Paginator(range(outcome.total), RESULTS_PER_PAGE)
        context["search_results"] = ResultsPage(outcome.results, number, paginator)
        context["outcome"] = outcome
        context["place_options"] = menu_options(outcome.place_counts)
        context["publication_options"] = menu_options(
            outcome.publication_counts, filters.publication and filters.publication.id
        )
        context["promotions"] = promotions_for(query, root, root_url)
        if outcome.total == 0:
            context["suggestion"] = did_you_mean(query)
            if not any(
                [filters.kinds, filters.place, filters.publication, filters.date_from, filters.date_to]
            ):
                remember_unmatched(query)
    counts = context["outcome"].kind_counts if "outcome" in context else {}
    context["kind_choices"] = [
        (value, label, counts.get(value), value in filters.kinds) for value, label in kinds.KINDS.items()
    ]
    pairs = [("query", query)] + [("kind", kind) for kind in filters.kinds]
    for name, value in [
        ("place", filters.place and filters.place.id),
        ("publication", filters.publication and filters.publication.id),
        ("from", filters.date_from and filters.date_from.isoformat()),
        ("to", filters.date_to and filters.date_to.isoformat()),
    ]:
        if value:
            pairs.append((name, value))
    context["pagination_query"] = urlencode(pairs)
    response = TemplateResponse(request, "search/search.html", context, status=status)
    if "outcome" in context and context["outcome"].total == 0:
        add_never_cache_headers(response)
    return response
