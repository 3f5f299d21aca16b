"""Purging the front cache (Varnish with deploy/varnish.vcl, or any cache taking PURGE) when pages change.

With ``FRONTEND_CACHE_URL`` set, publishing, unpublishing, moving or deleting a page purges
every address whose content it changes, the moment the change is committed:

- the page itself (and the extra paths its ``get_cached_paths`` names);
- every page above it: the publication listing it, the places it is in, the home page;
- ``/sitemap.xml`` and its numbered pages, and every language's search results (one BAN of
  ``LISTS_OF_PAGES``);
- whatever each app's ``front_cache_purges`` Wagtail hook adds: ``fn(page)`` gives an
  iterable of pages (say, the previous and next posts linking to it) and of paths from the
  site root (feeds, listings outside the page tree), reversed in the page's own language.

Apps call ``purge_page_later(page)`` for changes that are not a publish (a booking changing
the places left on a surgery page). ``ban_site(site)`` drops everything stored for a site
(its settings, shown on every page, changed), as a page's view restriction changing does.
Nothing is sent when no front cache is set.

Django's own page cache (cms/page_cache.py, ``PAGE_CACHE_SECONDS``) forgets the same
addresses, front cache or none: each purge drops its copies of those paths, each BAN all of
its pages.
"""

import contextvars
import logging
import time
from contextlib import contextmanager
from http.client import HTTPConnection, HTTPSConnection, RemoteDisconnected
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from wagtail import hooks
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

from cms import page_cache

logger = logging.getLogger(__name__)

# URLs of pages being moved, kept from pre_page_move until post_page_move.
_before_move = {}


def enabled():
    """Whether anything keeps pages a change must purge: a front cache, or Django's page cache."""
    return front_cache_configured() or page_cache.enabled()


def front_cache_configured():
    return bool(settings.WAGTAILFRONTENDCACHE)


def _site_root(page, cache_object):
    parts = page.get_url_parts(cache_object)
    return parts[1] if parts else None


def urls_showing(page, *, with_descendants=False):
    """Every full URL whose content changes when ``page`` is published, unpublished, moved or deleted."""
    page = page.specific_deferred
    batch = PurgeBatch()
    root_url = _site_root(page, batch)
    if root_url is None:
        return set()
    batch.add_page(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        batch.add_page(ancestor)
    if with_descendants:
        batch.add_pages(page.get_descendants().live().specific(defer=True))
    batch.add_url(root_url + reverse("sitemap"))
    language = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
    with translation.override(language):
        for extras in hooks.get_hooks("front_cache_purges"):
            for item in extras(page):
                if isinstance(item, str):
                    batch.add_url(root_url + item)
                else:
                    batch.add_page(item)
    return batch.urls


def purge_urls_later(urls):
    """Purge ``urls`` once the current transaction commits (at once outside one).

    Sent from this process, not queued for the task worker (which may wait a few seconds
    before it looks): a PURGE to a nearby Varnish takes a millisecond, and ``PurgeBackend``
    gives up on an unreachable cache after ``PURGE_TIMEOUT`` seconds.
    """
    urls = sorted(urls)
    if urls and enabled():
        transaction.on_commit(lambda: purge_urls(urls))


def purge_urls(urls):
    """Purge ``urls`` now (or add them to the purges being gathered: ``gathered``)."""
    gathering = _gathering.get()
    if gathering is not None:
        gathering.add(urls=urls)
    else:
        send_purges(urls)


def send_purges(urls):
    page_cache.forget_urls(urls)
    if front_cache_configured():
        purge_urls_from_cache_task.call(urls)


class Gathering:
    """Purges and BANs waiting to be sent together (see ``gathered``)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.urls, self.bans, self.since = set(), {}, None

    def add(self, urls=(), ban=None):
        self.urls.update(urls)
        if ban is not None:
            site, pattern = ban
            self.bans[(site.pk, pattern)] = ban
        if self.since is None:
            self.since = time.monotonic()
        elif time.monotonic() - self.since >= self.seconds:
            self.send()

    def send(self):
        urls, bans = sorted(self.urls), list(self.bans.values())
        self.urls, self.bans, self.since = set(), {}, None
        if urls:
            send_purges(urls)
        for site, pattern in bans:
            send_ban(site, pattern)


_gathering = contextvars.ContextVar("front_cache_gathering", default=None)


@contextmanager
def gathered(seconds=5):
    """Inside, each change's purges and BANs (still sent only once it commits) are gathered and
    sent together, at most ``seconds`` apart and when it ends.

    For bulk work: an import publishing 500 posts sends a few PURGEs of the publication's
    listing, feeds and places, and a few BANs of the sitemaps and searches, instead of 500 of
    each (a Varnish keeps every BAN until it has checked its stored pages against it).
    """
    gathering = Gathering(seconds)
    token = _gathering.set(gathering)
    try:
        yield
    finally:
        _gathering.reset(token)
        gathering.send()


# Seconds to wait for a front cache to answer a PURGE before giving up (the error is logged).
PURGE_TIMEOUT = 3


class PurgeBackend(BaseBackend):
    """Sends each URL's PURGE to the cache at ``LOCATION`` over one kept-open connection.

    Wagtail's HTTPBackend opens a connection per URL and waits for ever on a cache that does
    not answer; this one gives up after ``PURGE_TIMEOUT`` seconds and logs why.
    """

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.cache_scheme, self.cache_netloc = location.scheme, location.netloc

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        """PURGE each URL; a cache that closed the kept-open connection gets one fresh connection.

        A cache that cannot be reached (refused, or silent for ``PURGE_TIMEOUT``) is given up
        on for the rest of the batch, and the log says how many addresses stayed cached.
        """
        urls = list(urls)
        connection = self._connect()
        try:
            for position, url in enumerate(urls):
                try:
                    answer = self._send(connection, url)
                except (ConnectionResetError, BrokenPipeError, RemoteDisconnected):
                    # Closed between requests (a keep-alive limit or a restart): try once more.
                    connection.close()
                    connection = self._connect()
                    try:
                        answer = self._send(connection, url)
                    except OSError as error:
                        self._give_up(url, error, left=len(urls) - position)
                        return
                except OSError as error:
                    self._give_up(url, error, left=len(urls) - position)
                    return
                if answer.status >= 400:
                    logger.error(
                        "The front cache refused to purge %s: %s %s", url, answer.status, answer.reason
                    )
        finally:
            connection.close()

    def _connect(self):
        connection_class = HTTPSConnection if self.cache_scheme == "https" else HTTPConnection
        return connection_class(self.cache_netloc, timeout=PURGE_TIMEOUT)

    @staticmethod
    def _send(connection, url):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("PURGE", path, headers={"Host": parts.netloc})
        answer = connection.getresponse()
        answer.read()
        return answer

    def _give_up(self, url, error, *, left):
        logger.error(
            "Could not purge %s from the front cache at %s: %s (%d address(es) left unpurged; "
            "they expire by their s-maxage)",
            url,
            self.cache_netloc,
            error,
            left,
        )


def purge_page_later(page):
    if enabled():
        purge_urls_later(urls_showing(page))


def in_every_language(path):
    """A BAN pattern for ``path`` in every language: ``/search/``, ``/ur/search/``, ``/en-gb/search/``."""
    return rf"^/([a-z]{{2}}(-[a-z]+)?/)?{path}"


# Lists any page may be on, wherever it is: the sitemap index and its numbered pages, and every
# language's search results (/search/?query=..., /ur/search/?...), whose addresses are not known.
SEARCH_RESULTS = in_every_language("search/")
LISTS_OF_PAGES = rf"^/sitemap|{SEARCH_RESULTS}"


def ban_lists_of_pages_later(page):
    site = page.get_site()
    if site is not None and enabled():
        transaction.on_commit(lambda: ban(site, LISTS_OF_PAGES))


def ban_search_results_later():
    """Every site's search results (an editor changed what a search promotes)."""
    if enabled():
        transaction.on_commit(ban_search_results)


def ban_search_results():
    from wagtail.models import Site

    for site in Site.objects.all():
        ban(site, SEARCH_RESULTS)


def page_changed(instance, **kwargs):
    """``page_published`` / ``page_unpublished`` (also sent when a live page is deleted)."""
    purge_page_later(instance)
    ban_lists_of_pages_later(instance)


def restriction_changed(instance, **kwargs):
    """A page's view restriction (``PageViewRestriction``) was added, changed or removed.

    The page, every page below it and every list showing any of them (listings, feeds, search
    results, place pages) may be stored for anyone to read: the whole site is dropped.
    """
    if not enabled():
        return
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()  # gone: the page's own deletion purges
    site = page.get_site() if page is not None else None
    if site is not None:
        ban_site_later(site)


# Image fields Wagtail fills in by itself after an upload.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def image_changed(instance, created=False, **kwargs):
    """``post_save`` or ``post_delete`` of an image: whatever shows it (Wagtail's reference index)
    is forgotten, with the listings and feeds around it.

    Kept copies carry its alt text and name its renditions, which a new file or focal point
    replaces (the old files are deleted). A new image is on no page yet, and Wagtail noting a
    file's size or hash changes nothing a reader sees.

    - a live page showing it is purged, as a publish would;
    - a row that is not a page and says which pages show it (``pages_showing_it()``, a live
      update under its post) purges those pages;
    - a site's settings (its logo, on every page of the site) drop that whole site;
    - anything else that may show it (a snippet) drops every site, as an author's name does.
    """
    if created or not enabled() or set(kwargs.get("update_fields") or ["*"]) <= BOOKKEEPING_FIELDS:
        return
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex, Site

    page_type = ContentType.objects.get_for_model(Page)
    page_ids, others = set(), {}
    for content_type_id, object_id in ReferenceIndex.get_references_to(instance).values_list(
        "base_content_type_id", "object_id"
    ):
        if content_type_id == page_type.pk:
            page_ids.add(int(object_id))
        else:
            others.setdefault(content_type_id, set()).add(object_id)
    sites, on_every_site = set(), False
    for content_type_id, object_ids in others.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for shown_by in model._default_manager.filter(pk__in=object_ids) if model else ():
            if hasattr(shown_by, "pages_showing_it"):
                page_ids |= {page.pk for page in shown_by.pages_showing_it()}
            elif isinstance(getattr(shown_by, "site", None), Site):
                sites.add(shown_by.site)
            else:
                on_every_site = True
    if on_every_site:
        sites = set(Site.objects.all())
    urls = set()
    for page in Page.objects.live().filter(pk__in=page_ids):
        urls |= urls_showing(page)
    purge_urls_later(urls)
    for site in sites:
        ban_site_later(site)


def page_moving(instance, **kwargs):
    """``pre_page_move``: note the addresses the page and those below it have now."""
    if enabled() and instance.live:
        _before_move[instance.pk] = urls_showing(instance, with_descendants=True)


def page_moved(instance, **kwargs):
    """``post_page_move``: purge the old addresses and the new ones."""
    old = _before_move.pop(instance.pk, set())
    if enabled() and instance.live:
        purge_urls_later(old | urls_showing(instance, with_descendants=True))
        ban_lists_of_pages_later(instance)


class BanRequest(Request):
    def get_method(self):
        return "BAN"


def ban_site(site):
    """Drop everything stored for ``site`` from each front cache."""
    ban(site, "^/")


def ban(site, pattern):
    """Drop what each front cache keeps for ``site`` at paths matching ``pattern`` (the VCL's BAN),
    now or with the purges being gathered (``gathered``).

    Django's page cache keeps no paths to match against: it drops all its pages.
    """
    gathering = _gathering.get()
    if gathering is not None:
        gathering.add(ban=(site, pattern))
    else:
        send_ban(site, pattern)


def send_ban(site, pattern):
    page_cache.forget_everything()
    if not front_cache_configured():
        return
    host = urlsplit(site.root_url).netloc
    for name, backend in get_backends().items():
        location = getattr(backend, "cache_netloc", None)
        if location is None:
            continue
        request = BanRequest(
            urlunsplit((backend.cache_scheme, location, "/", "", "")),
            headers={"Host": host, "X-Ban-Url": pattern},
        )
        try:
            urlopen(request, timeout=PURGE_TIMEOUT)  # noqa: S310 - the address comes from FRONTEND_CACHE_URL
        except (URLError, OSError) as error:
            logger.error("Could not empty front cache %s for %s: %s", name, host, error)


def ban_site_later(site):
    if enabled():
        transaction.on_commit(lambda: ban_site(site))


def shown_on_every_page_changed(**kwargs):
    """A signal receiver for a change to something any page may show and no page owns (a surgery
    topic on every booking form, an author's name on their posts, cards and feeds): a new cache
    generation starts at once, and every site's front cache is emptied after the commit. Such
    edits are rare, and a name taken off the site must not stay in a cache for hours."""
    from wagtail.models import Site

    from cms.site_cache import forget_sites

    forget_sites()
    if enabled():
        for site in Site.objects.all():
            ban_site_later(site)
