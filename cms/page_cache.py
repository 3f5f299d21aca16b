"""Whole public pages kept in Django's cache, so a site without Varnish still serves them in a few ms.

``PageCacheMiddleware`` keeps what a shared cache may keep: the complete answer to an anonymous,
cookie-free GET that PublicCacheMiddleware marked ``public`` with an ``s-maxage``, for that
``s-maxage`` at most ``PAGE_CACHE_SECONDS`` (0 switches the cache off). The next such request
for the same address gets it back without routing, querying or rendering.

An answer is stored under the address (scheme, host, path and query), whether the reader
takes gzip (the only thing besides ``Cookie`` public pages vary on) and three generations:

- ``content_version()``, which a publish, unpublish, move or delete (and a site, view
  restriction, picture or centre detail change) moves on for every cached thing;
- one for every page, moved on by ``forget_everything`` (cms.front_cache's BANs: a site's
  settings changed);
- one for the page's path, moved on by ``forget_urls`` (cms.front_cache's PURGEs: a booking
  changed the places left).

The generations are read before the page is rendered, so a page rendered while a purge
happens is stored where nobody will look for it.
"""

import hashlib
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

from cms.http import PRIVATE_PREFIXES
from cms.site_cache import SITE_CACHE_VERSION_KEY, content_version, new_generation

EVERY_PAGE_KEY = "patchwork:page-cache:every-page"
PATH_KEY = "patchwork:page-cache:path:{}"
ANSWER_KEY = "patchwork:page-cache:answer:{}:{}:{}:{}"

# How long a generation is remembered (seconds). One forgotten sooner costs a render, never
# a stale page: a missing generation is replaced by a new one, under which nothing is stored.
GENERATION_SECONDS = 24 * 60 * 60

# The request headers an answer may depend on that the cache key does not hold: a request
# with any of them is passed on untouched. Public pages vary on Cookie, and are stored only
# for readers who send none (signed-in editors, anyone holding a CSRF or messages cookie).
PERSONAL_HEADERS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION")
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# What a stored answer may Vary on: Cookie (the request sent none) and Accept-Encoding (the key
# says whether the reader takes gzip, all PublicGZipMiddleware looks at).
VARY_IN_THE_KEY = {"cookie", "accept-encoding"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _path_key(path):
    return PATH_KEY.format(hashlib.md5(path.encode(), usedforsecurity=False).hexdigest())


def forget_urls(urls):
    """Drop the stored answers for these full URLs (any scheme, host, query string or encoding)."""
    if not enabled():
        return
    paths = {unquote(urlsplit(url).path) for url in urls}
    cache.set_many({_path_key(path): new_generation() for path in paths}, GENERATION_SECONDS)


def forget_everything():
    """Drop every stored answer (a site's settings, shown on each of its pages, changed)."""
    if enabled():
        cache.set(EVERY_PAGE_KEY, new_generation(), GENERATION_SECONDS)


def may_use_cache(request):
    """A GET or HEAD from an anonymous reader, sending no cookie, to an address anyone may see."""
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.META.get(header) for header in PERSONAL_HEADERS):
        return False
    return not request.path.startswith((*PRIVATE_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL))


def shared_lifetime(response):
    """Seconds a shared cache may keep ``response`` (its ``s-maxage``), or 0 if it may not keep it."""
    directives = {}
    for directive in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = directive.partition("=")
        directives[name.strip().lower()] = value.strip()
    if "public" not in directives or {"private", "no-cache", "no-store"} & directives.keys():
        return 0
    try:
        return max(int(directives.get("s-maxage", "0")), 0)
    except ValueError:
        return 0


def storable(request, response):
    """What PublicCacheMiddleware marked public, for nobody in particular, and whole."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    varies = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field}
    if not varies <= VARY_IN_THE_KEY:
        return False
    # A nonce would be reused by every reader: a page using one is never shared.
    policy = response.get("Content-Security-Policy", "") + response.get(
        "Content-Security-Policy-Report-Only", ""
    )
    return "nonce-" not in policy


class CachedPage:
    """Where the answer to one request is kept, under the generations read before rendering it."""

    def __init__(self, request):
        self.generation_keys = (EVERY_PAGE_KEY, _path_key(request.path))
        found = cache.get_many([SITE_CACHE_VERSION_KEY, *self.generation_keys])
        self.version = found.get(SITE_CACHE_VERSION_KEY) or content_version()
        self.generations = {key: found[key] for key in self.generation_keys if key in found}
        gzip = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        # get_host() checks ALLOWED_HOSTS, so an address the site does not answer is never stored.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{gzip:d}"
        self.address = hashlib.sha256(address.encode()).hexdigest()

    def key(self):
        return ANSWER_KEY.format(self.version, *map(self.generations.get, self.generation_keys), self.address)

    def stored(self):
        if len(self.generations) < len(self.generation_keys):
            return None  # nothing is stored under a generation not started yet
        return cache.get(self.key())

    def store(self, response, seconds):
        """Keep ``response``, unless a purge started a new generation since the request came in."""
        for key in self.generation_keys:
            if key not in self.generations:
                generation = new_generation()
                if not cache.add(key, generation, GENERATION_SECONDS):
                    return  # purged (or started by another request) meanwhile: a later request stores it
                self.generations[key] = generation
        answer = (response.status_code, list(response.headers.items()), response.content, time.time())
        cache.set(self.key(), answer, seconds)


def answer_from(stored, request):
    """The stored answer as the rendered page was sent: conditional GETs get a 304, HEAD no body."""
    status, headers, content, stored_at = stored
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["Age"] = str(max(int(time.time() - stored_at), 0))
    return conditional(request, response)


def conditional(request, response):
    """What ConditionalGetMiddleware does with a GET's answer that has an ETag or Last-Modified."""
    if request.method != "GET":
        return response
    etag = response.get("ETag")
    last_modified = response.get("Last-Modified")
    last_modified = last_modified and parse_http_date_safe(last_modified)
    if etag or last_modified:
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    return response


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the cache (``PAGE_CACHE_SECONDS``; see the module).

    Sits below WhiteNoise (static files never reach it) and SecurityMiddleware, whose headers
    each answer still gets, and above everything else: a stored page carries the headers
    those gave it (Cache-Control, ETag, Content-Security-Policy, Content-Language...).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not may_use_cache(request):
            return self.get_response(request)
        try:
            page = CachedPage(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        stored = page.stored()
        if stored is not None:
            return answer_from(stored, request)
        # Render the whole page even for a conditional GET, so it can be stored; the 304 (or
        # 412) is worked out below, as ConditionalGetMiddleware would.
        conditions = {}
        if request.method == "GET":
            conditions = {
                name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
            }
        try:
            response = self.get_response(request)
        finally:
            request.META.update(conditions)
        if storable(request, response):
            lifetime = min(shared_lifetime(response), seconds)
            if lifetime > 0:
                page.store(response, lifetime)
        return conditional(request, response) if conditions else response
