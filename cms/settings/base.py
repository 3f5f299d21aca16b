"""Settings shared by every environment, read from environment variables.

Services are switched on only when they are configured: SQLite unless
``DATABASE_URL`` is set, the local-memory cache unless ``REDIS_URL`` is set,
mail printed to the console unless ``EMAIL_HOST`` is set.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "home",
    "newsletters",
    "subscriptions",
    "surgeries",
    "handover",
    "search",
    "planet",
    "fediverse",
    "crossposting",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.http.PermissionsPolicyMiddleware",
    "cms.http.RefuseUnusedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' public pages straight from the cache (PAGE_CACHE_SECONDS), as rendered below.
    "cms.page_cache.PageCacheMiddleware",
    # Public pages gzipped (not signed-in ones: BREACH), after they get their ETag below.
    "cms.http.PublicGZipMiddleware",
    "cms.http.PublicCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware without "Vary: Accept-Language": the language is in the URL.
    "cms.http.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The Site and its home page come from the cache between readers' requests.
    "cms.site_cache.CachedSiteMiddleware",
    # Private parts of the page tree are read once per request, not once per listing.
    "cms.visibility.RestrictionsPerRequestMiddleware",
    # Newcomers are kept out of the few admin views that show other groups' drafts or people.
    "handover.boundaries.NewcomerBoundaryMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite file by default (what `make run` uses); PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each web process keeps its connection for a minute rather than opening one per request.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept-open connection the server has dropped (a restart) is replaced, not reused.
        conn_health_checks=True,
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASE_IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "patchwork",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What is kept under one cache generation (cms.site_cache.generation_cache): its keys carry the
# generation, read from "default" once per request, so each process may keep its own copy and
# a reader pays no trip to Redis for it. Never holds anything deleted by key.
GENERATION_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "patchwork-generations",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
CACHES["generations"] = GENERATION_CACHE

# Sessions live in the database and are only created for people who log in or
# post a form: anonymous readers get no cookie at all.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Background work (django-tasks) ---------------------------------------------
# The database backend needs no extra service: `manage.py run_worker` runs the tasks.
# With REDIS_URL and TASKS_USE_RQ=1, tasks go to Redis instead and any number of
# `manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default`
# processes (the scheduler runs delayed retries), on any
# machine, run them (sending newsletters scales out this way).
TASKS_USE_RQ = bool(REDIS_URL) and env_bool("TASKS_USE_RQ")
if TASKS_USE_RQ:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60 * 30}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The worker and the scheduler survive a database restart: they retry, waiting
# up to this many seconds between attempts.
WORKER_RECONNECT_MAX_SECONDS = float(os.environ.get("WORKER_RECONNECT_MAX_SECONDS", "30"))
# The dashboard warns when a worker or the scheduler has not been heard from for this long.
WORKER_HEARTBEAT_STALE_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_STALE_SECONDS", "90"))
# Seconds between heartbeats; never more than a third of the stale time above, so one late
# beat never shows a running process as stopped (cms.workers.beat_every).
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "30"))
# Seconds an idle `run_worker` waits before asking the database queue for work again
# (its --interval). Each ask is one short query; a new task waits at most this long.
TASK_WORKER_POLL_SECONDS = float(os.environ.get("TASK_WORKER_POLL_SECONDS", "2"))
# Days a finished background task's result (and error report) is kept.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "7"))

# Newsletter sending: messages per minute across all workers (your provider's limit).
NEWSLETTER_SEND_RATE_PER_MINUTE = int(os.environ.get("NEWSLETTER_SEND_RATE_PER_MINUTE", "600"))
# Seconds without a heartbeat after which a sending worker counts as dead and its batch is taken over:
# longer than one SMTP exchange can take (EMAIL_TIMEOUT, 30 s a step), so a slow server never causes a repeat.
NEWSLETTER_SEND_STALE_SECONDS = float(os.environ.get("NEWSLETTER_SEND_STALE_SECONDS", "60"))
# Messages a worker claims and sends over one SMTP connection; worker tasks enqueued for one send
# (more than one only helps with several worker processes); seconds a claimed batch stays one
# worker's unless renewed (a living worker renews it as it goes).
NEWSLETTER_SEND_BATCH_SIZE = int(os.environ.get("NEWSLETTER_SEND_BATCH_SIZE", "100"))
NEWSLETTER_SEND_WORKERS = int(os.environ.get("NEWSLETTER_SEND_WORKERS", "2"))
NEWSLETTER_SEND_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_SEND_LEASE_SECONDS", "30"))
# Tries for a message that keeps failing temporarily (a 4xx, a lost connection), the first retry
# after NEWSLETTER_SEND_RETRY_SECONDS and each later one twice as long after the last; issues in a
# row a subscriber's mail server refuses (5xx) before their address is marked as not working.
NEWSLETTER_SEND_MAX_ATTEMPTS = int(os.environ.get("NEWSLETTER_SEND_MAX_ATTEMPTS", "5"))
NEWSLETTER_SEND_RETRY_SECONDS = int(os.environ.get("NEWSLETTER_SEND_RETRY_SECONDS", "60"))
NEWSLETTER_BOUNCE_LIMIT = int(os.environ.get("NEWSLETTER_BOUNCE_LIMIT", "3"))
# Days an unconfirmed newsletter sign-up (and the link to confirm it) is kept before it is deleted.
NEWSLETTER_PENDING_DAYS = int(os.environ.get("NEWSLETTER_PENDING_DAYS", "7"))
# Seconds between a live-coverage reader's page asking for new updates.
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "15"))
# Mastodon has no one home: a post's "share on Mastodon" link opens this server's share form.
MASTODON_SHARE_SERVER = os.environ.get("MASTODON_SHARE_SERVER", "mastodon.social")
# Months after a surgery when bookers' names and addresses are deleted (counts stay).
SURGERY_PERSONAL_DATA_MONTHS = int(os.environ.get("SURGERY_PERSONAL_DATA_MONTHS", "6"))
# Months after a room-hire enquiry (counted from the later of the day wanted and the day it
# arrived) when it is deleted.
ROOM_HIRE_ENQUIRY_MONTHS = int(os.environ.get("ROOM_HIRE_ENQUIRY_MONTHS", "6"))
# Days a surgery stays in the calendar feeds after it ends, so subscribers' calendars
# keep it as a record instead of the event vanishing when it starts.
SURGERY_FEED_PAST_DAYS = int(os.environ.get("SURGERY_FEED_PAST_DAYS", "30"))
# The part of every calendar event's UID after the "@"; empty: the host of WAGTAILADMIN_BASE_URL.
# Set it to keep subscribers' events through a move of the site to another address.
CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "")
# Weeks after help is given when the helper (or, if they agreed, the person helped) is emailed a
# link to say what has happened since, and days that link keeps working.
FOLLOW_UP_AFTER_WEEKS = int(os.environ.get("FOLLOW_UP_AFTER_WEEKS", "6"))
FOLLOW_UP_LINK_DAYS = int(os.environ.get("FOLLOW_UP_LINK_DAYS", "30"))
# Feeds from elsewhere (planet): a feed failing this many days is flagged to the helper who added
# it, and paused after PLANET_PAUSE_AFTER_DAYS. Each approved feed is read at most every
# PLANET_FETCH_EVERY_MINUTES; a read gives up after PLANET_FETCH_TIMEOUT_SECONDS (to connect or between
# bytes; twice that in all), beyond PLANET_MAX_FEED_BYTES or after PLANET_MAX_REDIRECTS redirects.
PLANET_FLAG_AFTER_DAYS = int(os.environ.get("PLANET_FLAG_AFTER_DAYS", "3"))
# A place digest whose send time passed while the scheduler was down still goes out this late.
DIGEST_LATE_GRACE_HOURS = int(os.environ.get("DIGEST_LATE_GRACE_HOURS", "12"))
PLANET_PAUSE_AFTER_DAYS = int(os.environ.get("PLANET_PAUSE_AFTER_DAYS", "14"))
PLANET_FETCH_EVERY_MINUTES = int(os.environ.get("PLANET_FETCH_EVERY_MINUTES", "60"))
PLANET_FETCH_TIMEOUT_SECONDS = float(os.environ.get("PLANET_FETCH_TIMEOUT_SECONDS", "10"))
PLANET_MAX_FEED_BYTES = int(os.environ.get("PLANET_MAX_FEED_BYTES", str(2 * 1024 * 1024)))
PLANET_MAX_REDIRECTS = int(os.environ.get("PLANET_MAX_REDIRECTS", "3"))
# Off in production: a feed address (or a redirect) naming a loopback, private or link-local
# address is refused, so nobody can make the server read its own network. Tests turn it on.
PLANET_ALLOW_PRIVATE_ADDRESSES = env_bool("PLANET_ALLOW_PRIVATE_ADDRESSES", False)
# The same rule for the post import (newsletters.importing.fetch): a feed address or a post's picture
# on a loopback, private or link-local address is refused unless this is set. Tests turn it on.
POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("POST_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)
# Following publications from the fediverse (fediverse app): an inbox whose deliveries fail this many
# times in a row is dropped with its followers. Inbox and actor addresses on private networks are
# refused unless FEDIVERSE_ALLOW_PRIVATE_ADDRESSES is set (tests, a local network).
# Publications' private signing keys are stored encrypted (Fernet) with a key derived from
# FEDIVERSE_KEY, or from SECRET_KEY when it is empty. Changing that key gives each publication a
# new key pair the next time it signs; followers' servers read the new public key.
FEDIVERSE_KEY = os.environ.get("FEDIVERSE_KEY", "")
FEDIVERSE_MAX_FAILURES = int(os.environ.get("FEDIVERSE_MAX_FAILURES", "8"))
FEDIVERSE_ALLOW_PRIVATE_ADDRESSES = env_bool("FEDIVERSE_ALLOW_PRIVATE_ADDRESSES", False)
# Posting to Mastodon and Bluesky (crossposting app): access tokens and app passwords are stored
# encrypted (Fernet) with a key derived from CROSSPOSTING_KEY, or from SECRET_KEY when it is empty.
# Changing that key makes the stored tokens unreadable: editors link their accounts again. A failed
# post is tried again with back-off up to CROSSPOSTING_MAX_ATTEMPTS times. A post left "sending" for
# CROSSPOSTING_SENDING_TIMEOUT seconds (the worker stopped part-way) is marked failed for the editor
# to check and post again: it may have gone out, so it is never sent again unasked.
CROSSPOSTING_KEY = os.environ.get("CROSSPOSTING_KEY", "")
CROSSPOSTING_MAX_ATTEMPTS = int(os.environ.get("CROSSPOSTING_MAX_ATTEMPTS", "6"))
CROSSPOSTING_SENDING_TIMEOUT = int(os.environ.get("CROSSPOSTING_SENDING_TIMEOUT", str(15 * 60)))
CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES = env_bool("CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES", False)

# --- Email --------------------------------------------------------------------
# Any SMTP server; EMAIL_BACKEND may name another backend (for example a
# django-anymail provider) when one is installed.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
# A site must deliver its mail (cms/checks.py refuses the console and memory backends);
# development and the tests keep it to themselves.
ALLOW_UNDELIVERED_EMAIL = False
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Patchwork <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Passwords ----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in: after this many failed attempts within LOGIN_LOCKOUT_MINUTES, for one
# account or from one network address, sign-in is refused (even with the right password)
# until the oldest failures are that old. See cms/login_throttle.py.
WAGTAILADMIN_USER_LOGIN_FORM = "cms.login_throttle.ThrottledLoginForm"
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

# --- Languages ----------------------------------------------------------------
# British English first; Urdu and Arabic are written right to left, Polish is
# widely read in our towns. Add a language here and create its Locale in the admin.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en-gb", _("English")),
    ("ur", _("Urdu")),
    ("ar", _("Arabic")),
    ("pl", _("Polish")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files ---------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads on S3-compatible storage (AWS S3, MinIO, Ceph, ...) when AWS_STORAGE_BUCKET_NAME is
# set, so web processes and task workers on several machines share them. Needs
# `pip install "django-storages[s3]"` (not in requirements.txt); boto3 reads AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY from the environment itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            'AWS_STORAGE_BUCKET_NAME is set: install django-storages ("pip install django-storages[s3]").'
        )
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # e.g. https://minio.example.org
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None  # e.g. media.example.org
    # Plain, lasting URLs for pictures (pages stay in the front cache for hours); documents
    # are still served through the app, which checks their collection's privacy.
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Patchwork"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # PostgreSQL full-text search on PostgreSQL, SQLite FTS on SQLite.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# The site's own image and document models (cms/media.py): a picture's alt text lives on the image.
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CustomDocument"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Uploads are decoded in full and measured before they are stored (cms/images.py): a broken
# file or one over this many pixels (all frames of an animation together) gets a message.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.CheckedImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", "40000000"))
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Content-Security-Policy ----------------------------------------------------
# No inline scripts on public pages, so no nonce is needed and pages stay cacheable.
# The admin is left to Wagtail, which uses inline scripts of its own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# How many reverse proxies (nginx, Varnish, a load balancer) sit in front of the app;
# their X-Forwarded-For entries are trusted when rate-limiting the public forms. 0 means
# none (X-Forwarded-For is ignored). Unset, the app believes X-Forwarded-For only from a
# loopback or private address (see cms.abuse.client_ip and the README).
TRUSTED_PROXY_COUNT = (
    int(os.environ["TRUSTED_PROXY_COUNT"]) if os.environ.get("TRUSTED_PROXY_COUNT", "").strip() else None
)

# How long (minutes) a seat booked by an email address that has never confirmed a
# booking is held for the booker to click the link in their email; shorter close to
# the surgery (see surgeries.bookings.hold_duration).
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "120"))

# --- Public HTTP caching -------------------------------------------------------
# Seconds a shared cache (nginx, Varnish, a CDN) may keep an anonymous page.
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))

# The front cache the app purges when pages change (deploy/varnish.vcl): the address of each
# Varnish, comma-separated (every cache node must hear the purge). Purging happens at once
# on each change, through wagtail.contrib.frontend_cache (see cms/front_cache.py).
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URL")
WAGTAILFRONTENDCACHE = {
    f"cache-{number}": {"BACKEND": "cms.front_cache.PurgeBackend", "LOCATION": url}
    for number, url in enumerate(FRONTEND_CACHE_URLS, start=1)
}
# Each translation is its own page with its own URL and is purged when it changes.
WAGTAILFRONTENDCACHE_LANGUAGES = []
# With a purged front cache, shared caches may keep pages for hours; without one, five minutes.
PUBLIC_CACHE_S_MAXAGE = int(
    os.environ.get("PUBLIC_CACHE_S_MAXAGE", "21600" if FRONTEND_CACHE_URLS else "300")
)

# Seconds Django's own cache keeps a whole public page for anonymous readers (at most its
# s-maxage; purged with the front cache, see cms/page_cache.py). 0 switches it off; production
# switches it on where the cache is shared by every process (REDIS_URL).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# /sitemap.xml is an index of sitemap pages with at most this many pages each. Search
# engines take up to 50,000, but each address costs about 0.6 ms to write out, so pages of
# 1,000 are each built in well under a second (bench/hundred_thousand_posts.py).
SITEMAP_URLS_PER_PAGE = int(os.environ.get("SITEMAP_URLS_PER_PAGE", "1000"))

# Browser features no page here uses, switched off for every page and anything embedded in
# it. The click-to-load videos need autoplay, fullscreen and picture-in-picture: not listed.
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Confirmation, cancel and invitation tokens in logged URLs become "[hidden]".
    "filters": {"hide_tokens": {"()": "cms.log_redaction.HideTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # runserver's request lines, through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "wagtail": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
LOGGING["loggers"]["django_tasks"] = {"handlers": ["console"], "level": "WARNING", "propagate": False}
