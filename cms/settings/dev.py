"""Settings for `make run`: a local SQLite site with a visible debug page."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-patchwork"  # noqa: F405
# Without EMAIL_HOST, mail is printed to the console here; production refuses that (cms/checks.py).
ALLOW_UNDELIVERED_EMAIL = True
# Static files come straight from static/ (runserver and the test live server
# serve them), so no collectstatic and no WhiteNoise here.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
if not REDIS_URL:  # noqa: F405
    # `make run` starts the server, the task worker and the scheduler as three processes. They
    # share a cache on disk, so what one changes (a scheduled publish, an import) starts a new
    # cache generation (cms.site_cache) that the server sees on its next request.
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),  # noqa: F405
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
