"""Settings for pytest: fast hashing, mail kept in memory, tasks run at once."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests keep mail in memory; production refuses to (cms/checks.py).
ALLOW_UNDELIVERED_EMAIL = True
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "generations": GENERATION_CACHE,  # noqa: F405
}
# Every test sees freshly rendered pages; tests of the page cache switch it on.
PAGE_CACHE_SECONDS = 0
# Tasks run inside the request that enqueues them; a test that needs the real
# worker overrides TASKS itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files come straight from static/ (runserver and the test live server
# serve them), so no collectstatic and no WhiteNoise here.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Sending is paced as in production (each message counted against this second's share), but a
# test's few dozen messages fit in one second's share instead of waiting for the next one: at
# 600 a minute, ten a second, most sending tests slept about a second. Tests of the pacing set
# their own rate.
NEWSLETTER_SEND_RATE_PER_MINUTE = 600_000
