"""Settings for a public server: everything secure, nothing defaulted that matters.

Requires SECRET_KEY and ALLOWED_HOSTS in the environment. With them,
`manage.py check --deploy` prints no warnings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (50+ random characters).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Off unless the operator opts in: once a domain is on the browsers' preload list, taking it
# off takes months, and every subdomain must serve HTTPS for good.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin frame, so DENY would break
# editing; SAMEORIGIN still stops other sites framing ours.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Django's checklist asks for preload (W021) so a site *can* be submitted to the list;
    # leaving it off is the deliberate default above, not an oversight.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Public pages kept whole in the cache for anonymous readers (cms/page_cache.py), when that
# cache is Redis: every process then sees the same copy and the same purges. Each process's
# own memory would keep a page another process had purged.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))  # noqa: F405
