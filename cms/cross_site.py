"""Refusing public form posts that a browser says came from another website.

The public forms (booking, sign-up, unsubscribe, room hire, cancel, invitation)
carry no CSRF token: a token needs a cookie, and the pages they sit on must stay
cookie-free and cacheable for anonymous readers. A token in the page alone would
not help either, since a hostile server can fetch the page and copy it.

What a browser cannot be made to lie about is where a form came from. Every
current browser sends ``Origin`` with a form POST, and ``Sec-Fetch-Site`` with
every request; a page on another site cannot change or remove them. So a POST is
refused when ``Origin`` is not this site (checked exactly as Django's own CSRF
middleware checks it, including ``CSRF_TRUSTED_ORIGINS``) or when
``Sec-Fetch-Site`` says ``cross-site``.

A POST with neither header is let through: it comes from a program (curl, a mail
provider's RFC 8058 one-click unsubscribe) or a browser too old to send them, not
from a hostile page in a current browser. Programs are held back by the honeypot,
the rate limit and, for bookings, seats held until the email address is confirmed.
"""

import logging
from functools import wraps

from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _origin_is_ours(request):
    # Django's own comparison (scheme + host, then CSRF_TRUSTED_ORIGINS with wildcards),
    # so this check and the CSRF middleware agree about what "this site" is.
    return CsrfViewMiddleware(lambda request: None)._origin_verified(request)


def comes_from_another_site(request):
    """True when the browser tells us this request was sent by a page on another site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
    if fetch_site == "cross-site":
        return True
    if fetch_site == "same-origin":
        # The browser vouches for it. Pages sent with "Referrer-Policy: no-referrer" (the
        # invitation page) make the browser send "Origin: null" on their own forms.
        return False
    if "HTTP_ORIGIN" in request.META:
        return not _origin_is_ours(request)
    return False


def refused_page(request):
    """A plain explanation, never cached, and no cookie (nothing here touches the session)."""
    response = render(request, "cross_site_refused.html", {"seo_noindex": True}, status=403)
    add_never_cache_headers(response)
    # Some of these addresses hold a secret (cancel and invitation links): keep it here.
    response["Referrer-Policy"] = "no-referrer"
    return response


def same_site_forms_only(view):
    """Refuse (403) a POST to ``view`` that a browser marks as sent from another website.

    For the public forms that are ``csrf_exempt`` because their pages set no cookie.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and comes_from_another_site(request):
            # Name the view and the origin, never the path: some paths carry a secret token.
            logger.warning(
                "Refused a cross-site form post to %s from origin %r (Sec-Fetch-Site %r)",
                view.__name__,
                request.META.get("HTTP_ORIGIN", ""),
                request.META.get("HTTP_SEC_FETCH_SITE", ""),
            )
            return refused_page(request)
        return view(request, *args, **kwargs)

    return guarded
