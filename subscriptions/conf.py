"""The app's settings, each with a default so nothing needs configuring to try it out.

Read at call time (not import time) so tests can override them.
"""

from django.conf import settings


def send_rate_per_minute():
    """Messages per minute across all workers (0: no limit). Set it below your provider's limit."""
    return int(getattr(settings, "NEWSLETTER_SEND_RATE_PER_MINUTE", 0))


def batch_size():
    """How many deliveries one worker claims and sends over one SMTP connection."""
    return int(getattr(settings, "NEWSLETTER_SEND_BATCH_SIZE", 100))


def lease_seconds():
    """How long a claimed batch is a worker's alone; after that another worker may take it over."""
    return int(getattr(settings, "NEWSLETTER_SEND_LEASE_SECONDS", 600))


def max_attempts():
    """Tries for a message that keeps failing temporarily before it is recorded as failed."""
    return int(getattr(settings, "NEWSLETTER_SEND_MAX_ATTEMPTS", 5))


def retry_base_seconds():
    """First retry delay; it doubles with every further attempt."""
    return int(getattr(settings, "NEWSLETTER_SEND_RETRY_SECONDS", 60))


def bounce_limit():
    """Issues in a row refused by a subscriber's mail server before we stop sending to them."""
    return int(getattr(settings, "NEWSLETTER_BOUNCE_LIMIT", 3))


def workers_per_send():
    """Worker tasks enqueued for one send; more than one only helps with several worker processes."""
    return int(getattr(settings, "NEWSLETTER_SEND_WORKERS", 2))


def pending_days():
    """Days an unconfirmed sign-up is kept before it is deleted."""
    return int(getattr(settings, "NEWSLETTER_PENDING_DAYS", 7))


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
