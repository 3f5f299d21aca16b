"""Protection for the public forms (subscribe, book, enquire): a honeypot and a per-IP rate limit.

The rate limit counts in Django's cache, which is Redis when REDIS_URL is set, so
every web process shares the same counts.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """Adds a field people never see (hidden with CSS, labelled "leave empty"); bots fill it in.

    Templates render it with ``{% include "includes/honeypot.html" %}``.
    """

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))


def client_ip(request):
    """The caller's address. Behind a proxy, set TRUSTED_PROXY_COUNT so X-Forwarded-For is believed."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request, scope, limit, window_seconds):
    """Count one attempt for this IP in ``scope``; True once more than ``limit`` in the window.

    Fixed windows are coarse but cheap (one cache round trip) and good enough to
    stop a script hammering a form.
    """
    ip_hash = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"patchwork:ratelimit:{scope}:{ip_hash}"
    if cache.add(key, 1, window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        return False
    return count > limit
