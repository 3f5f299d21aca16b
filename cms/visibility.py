"""Private parts of the page tree, read once per reader's request instead of once per listing.

Wagtail's ``.public()`` reads every page view restriction each time it is called, and
serving a page reads the restrictions above it again: a place page, which lists
posts, publications, centres and surgeries, asked the database the same question
six times. While a GET or HEAD request is answered (``RestrictionsPerRequestMiddleware``),
the restrictions are taken once, at the first ``.public()`` or view check, and kept
for the rest of that request. They come from the cache, read again after any
restriction is saved or deleted or any page moves or goes (``cached_restrictions``),
so a restriction added in the admin counts from the reader's next request. Outside a
request (tasks, commands, the shell) Wagtail's own behaviour is unchanged.
"""

import contextvars

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

_restrictions = contextvars.ContextVar("patchwork_view_restrictions", default=None)


RESTRICTIONS_CACHE_SECONDS = 60 * 60


def cached_restrictions():
    """Every page view restriction with its page, kept in the cache for the current generation.

    Saving or deleting a restriction, and moving or deleting a page, starts a new generation
    (``cms.site_cache.forget_sites``), so the next request reads them afresh.
    """
    from cms.site_cache import kept_for_generation

    return kept_for_generation(
        "patchwork:view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page")),
        RESTRICTIONS_CACHE_SECONDS,
    )


class _RequestRestrictions:
    """The restrictions of one request, taken from the cache (or read) at first use."""

    def __init__(self):
        self.loaded = None

    def get(self):
        if self.loaded is None:
            self.loaded = cached_restrictions()
        return self.loaded


def request_restrictions():
    """Every page view restriction, read once for this request; None outside a reader's request."""
    scope = _restrictions.get()
    return None if scope is None else scope.get()


class RestrictionsPerRequestMiddleware:
    """Read the page view restrictions at most once while answering a GET or HEAD request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _restrictions.set(_RequestRestrictions())
        try:
            return self.get_response(request)
        finally:
            _restrictions.reset(token)


_wagtail_private_q = PageQuerySet.private_q
_wagtail_get_view_restrictions = Page.get_view_restrictions


def _private_q(self):
    restrictions = request_restrictions()
    if restrictions is None:
        return _wagtail_private_q(self)
    q = Q()
    for restriction in restrictions:
        q |= self.descendant_of_q(restriction.page, inclusive=True)
    return q if q else Q(pk__in=[])  # nothing is private: match no page


def _get_view_restrictions(self):
    # With no restriction anywhere, none applies to this page (or to the page it is an alias of).
    if request_restrictions() == []:
        return PageViewRestriction.objects.none()
    return _wagtail_get_view_restrictions(self)


def install():
    """Called once from ``CmsConfig.ready``."""
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions
