"""HTTP caching for anonymous readers.

Public pages are the same for every anonymous reader, so a front cache (nginx,
Varnish, a CDN) may keep them for a while. Anything personal is never stored by
a shared cache.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

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
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_MAX_AGE,
                s_maxage=settings.PUBLIC_CACHE_S_MAXAGE,
                stale_while_revalidate=settings.PUBLIC_CACHE_S_MAXAGE,
            )
            patch_vary_headers(response, ("Cookie",))
        return response
