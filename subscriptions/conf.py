"""The app's settings, each with a default so nothing needs configuring to try it out.

Read at call time (not import time) so tests can override them.
"""

from django.conf import settings


def send_rate_per_minute():
    """Messages per minute across all workers (0: no limit). Set it below your provider's limit.

    Sent evenly, a share every second (600 a minute goes out as 10 a second), so
    providers that also limit per second are not flooded at the top of a minute.
    """
    return int(getattr(settings, "NEWSLETTER_SEND_RATE_PER_MINUTE", 0))


def batch_size():
    """How many deliveries one worker claims and sends over one SMTP connection."""
    return int(getattr(settings, "NEWSLETTER_SEND_BATCH_SIZE", 100))


def lease_seconds():
    """How long a claimed batch is a worker's alone unless renewed; the worker renews it as it goes."""
    return int(getattr(settings, "NEWSLETTER_SEND_LEASE_SECONDS", 30))


def stale_seconds():
    """A worker whose heartbeat is this much older than now is taken for dead and its batch taken over.

    It must be longer than one SMTP exchange can take (see ``smtp_timeout``),
    or a slow but living worker would lose its batch mid-message.
    """
    return float(getattr(settings, "NEWSLETTER_SEND_STALE_SECONDS", 60))


def heartbeat_seconds():
    """How often a sending worker writes its heartbeat: a small fraction of ``stale_seconds``."""
    return max(0.2, min(2.0, stale_seconds() / 6))


def smtp_timeout():
    """Seconds to wait for the mail server on each step, so a stuck server cannot hold a batch forever."""
    return float(getattr(settings, "EMAIL_TIMEOUT", None) or 10)


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
    return settings.NEWSLETTER_PENDING_DAYS
