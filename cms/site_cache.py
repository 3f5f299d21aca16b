"""The Site for each address, with its home page, kept in the cache between readers' requests.

Wagtail looks up the Site for every request (one query), then loads its home page as
a HomePage to start routing (another). Both change only when a site is edited or a
page is published, unpublished, moved or deleted, so ``CachedSiteMiddleware`` keeps
them in the cache for GET and HEAD requests and starts a new cache generation on any
of those events (the same ones that refresh the menu).
"""

import contextvars
import time

from django.core.cache import cache, caches
from django.db import transaction
from django.http.request import split_domain_port

from wagtail.models import Site

SITE_CACHE_VERSION_KEY = "patchwork:site-cache-version"
# How long a part kept under one generation stays (at most: a new generation drops it sooner).
GENERATION_CACHE_SECONDS = 60 * 60
NO_SITE = "none"
# What this request has read of the shared cache's generation (a dict; None outside a request).
_this_request = contextvars.ContextVar("patchwork_generation", default=None)


def home_page(page):
    """The site's home page as its own type, with its pictures (cms.routing.image_fields)."""
    from cms.routing import image_fields

    page_class = page.specific_class
    if page_class is None:
        return page
    pages = page_class.objects.all()
    pictures = image_fields(page_class)
    if pictures:
        pages = pages.select_related(*pictures)
    return pages.get(pk=page.pk)


def content_version():
    """The current cache generation: anything cached under it is as the site is published now.

    A new generation starts whenever a site, a page (published, unpublished, moved or
    deleted), a page view restriction, a language, a picture or a centre facility changes
    (``forget_sites``, connected in ``CmsConfig.ready`` and ``HomeConfig.ready``). Read from
    the shared cache once per request (``CachedSiteMiddleware``), however many parts ask.
    """
    memo = _this_request.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get_or_set(SITE_CACHE_VERSION_KEY, new_generation, None)
    if memo is not None:
        memo["version"] = version
    return version


_NOT_KEPT = object()


def kept_for_generation(name, read, seconds=GENERATION_CACHE_SECONDS, *, refresh=False):
    """``read()``, kept in this process's memory as ``name`` for the current generation.

    Read again after the next change anywhere (``forget_sites``), after ``seconds``, or when
    ``refresh`` is asked. Any value is kept, ``None`` and ``False`` included.
    """
    key = f"{name}:{content_version()}"
    found = _NOT_KEPT if refresh else generation_cache().get(key, _NOT_KEPT)
    if found is _NOT_KEPT:
        found = read()
        generation_cache().set(key, found, seconds)
    return found


def generation_cache():
    """The cache for what is kept under a generation (its key names the generation).

    Each process's own memory (``CACHES["generations"]``): the generation itself is shared,
    so a change in one process is seen by every other on its next request, and reading a kept
    part costs no trip to Redis. Only for keys that carry ``content_version()``, and never for
    anything deleted by key (that would only leave the deleting process's copy).
    """
    return caches["generations"]


def new_generation():
    """A generation number no earlier one used: the clock in nanoseconds (each change adds one).

    Starting again from 1 when the cache evicts the counter would bring back whatever was
    stored under generation 1, 2, ... before (old view restrictions, an unpublished page).
    """
    return time.time_ns()


def cached_site(request):
    """``Site.find_for_request`` from the cache, its ``root_page`` already the specific page."""
    hostname = split_domain_port(request._get_raw_host())[0]
    version = content_version()
    key = f"patchwork:site:{version}:{hostname}:{request.get_port()}"
    site = generation_cache().get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = home_page(site.root_page)
        generation_cache().set(key, site or NO_SITE, GENERATION_CACHE_SECONDS)
    return None if site == NO_SITE else site


def forget_sites(**kwargs):
    """Start a new cache generation (called when a site, a page or anything cached with pages changes).

    Once now, and again when the change is committed: a reader in another process who read the
    database before the commit kept what it found under the first new generation, not the last.
    """
    start_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(start_generation)


def start_generation():
    memo = _this_request.get()
    if memo is not None:
        memo.pop("version", None)
    try:
        cache.incr(SITE_CACHE_VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(SITE_CACHE_VERSION_KEY, new_generation(), None)


class CachedSiteMiddleware:
    """Give GET and HEAD requests their Site (and its home page) from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _this_request.set({})
        try:
            if request.method in ("GET", "HEAD") and not hasattr(request, "_wagtail_site"):
                request._wagtail_site = cached_site(request)  # where Site.find_for_request keeps it
            return self.get_response(request)
        finally:
            _this_request.reset(token)
