"""HTTP caching for anonymous readers.

Public pages are the same for every anonymous reader, so a front cache (nginx,
Varnish, a CDN) may keep them for a while. Anything personal is never stored by
a shared cache.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re, has_vary_header, patch_cache_control, patch_vary_headers

CACHEABLE_STATUSES = {200, 203, 300, 301, 404, 410}
PRIVATE_PREFIXES = ("/admin/", "/django-admin/")


def is_anonymous_request(request):
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PublicCacheMiddleware:
    """Give cookie-free anonymous GET responses a public ``Cache-Control``.

    A view that sets ``Cache-Control`` itself (search, feeds, forms) keeps it.
    A response that sets a cookie, or a request from someone logged in, is
    marked private so a shared cache can never hand it to somebody else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_PREFIXES):
            return response
        if response.has_header("Cache-Control"):
            return response
        if response.cookies or not is_anonymous_request(request):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if response.status_code in CACHEABLE_STATUSES:
            # A page that changes with the clock (a centre's "open now") asks for less.
            shared = min(
                settings.PUBLIC_CACHE_S_MAXAGE,
                getattr(request, "shared_cache_max_seconds", settings.PUBLIC_CACHE_S_MAXAGE),
            )
            patch_cache_control(
                response,
                public=True,
                max_age=min(settings.PUBLIC_CACHE_MAX_AGE, shared),
                s_maxage=shared,
                stale_while_revalidate=shared,
            )
            patch_vary_headers(response, ("Cookie",))
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress answers any reader may share (``Cache-Control: public``), and nothing else.

    A page for someone signed in can hold a secret (a CSRF token) next to words an attacker
    chooses, which compression would leak bit by bit (BREACH); the public pages hold none, as
    their forms have no token. Sits above PublicCacheMiddleware, which marks the answers, and
    ConditionalGetMiddleware: the ETag is made on the page itself and turned weak here, so
    ``If-None-Match`` still gets a 304. Static files are compressed by WhiteNoise.
    """

    def process_response(self, request, response):
        cache_control = response.headers.get("Cache-Control", "")
        if "public" not in {directive.strip().lower() for directive in cache_control.split(",")}:
            return response
        return super().process_response(request, response)


# Methods any view here may answer; each view still refuses those it does not use.
ANSWERED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class RefuseUnusedMethodsMiddleware:
    """Answer TRACE, TRACK, CONNECT and made-up methods with 405 on every URL.

    Wagtail serves a page whatever the method, so ``TRACE /`` used to get the
    page with a 200, which scanners report as cross-site tracing. Refusing here,
    before any view, keeps that true for views added later.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ANSWERED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "OPTIONS"])
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response.

    It switches off browser features the site never uses (camera, microphone,
    location, payments...), for our pages and anything embedded in them, so an
    injected script or a hostile embed cannot ask readers for them. The phone
    photo upload uses a file input, which needs no permission; the click-to-load
    videos need autoplay, fullscreen and picture-in-picture, which stay allowed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def language_comes_from_the_url(request):
    """True when Django ignores the browser's Accept-Language for this request.

    With ``i18n_patterns(prefix_default_language=False)`` LocaleMiddleware takes the
    language from the URL prefix (/ur/, /ar/, /pl/) and otherwise uses
    LANGUAGE_CODE: an Urdu browser asking for / gets the British English page
    (and the language links to /ur/), never a redirect chosen by its headers.
    """
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, default_language_prefixed = is_language_prefix_patterns_used(urlconf)
    return patterns_used and not default_language_prefixed


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language`` where the URL decides the language.

    Django adds that Vary to every unprefixed URL although nothing in the answer
    depends on the header, so each front cache kept a copy of every page per
    browser language. A view that does choose by Accept-Language can still set
    the Vary itself; it is kept.
    """

    def process_response(self, request, response):
        view_varies = has_vary_header(response, "Accept-Language")
        response = super().process_response(request, response)
        if not view_varies and language_comes_from_the_url(request) and response.has_header("Vary"):
            kept = [
                field
                for field in cc_delim_re.split(response.headers["Vary"])
                if field and field.lower() != "accept-language"
            ]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                del response.headers["Vary"]
        return response
