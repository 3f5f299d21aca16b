"""Settings for a worker process started by the kill test: the test database and a real SMTP server."""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["PATCHWORK_TEST_DATABASE"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["PATCHWORK_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
# The kill test's worker: a short heartbeat timeout, a lease as in production, a high rate.
NEWSLETTER_SEND_STALE_SECONDS = float(os.environ.get("PATCHWORK_TEST_STALE_SECONDS", "5"))
NEWSLETTER_SEND_LEASE_SECONDS = 30
NEWSLETTER_SEND_RATE_PER_MINUTE = int(os.environ.get("PATCHWORK_TEST_SEND_RATE", "0"))
