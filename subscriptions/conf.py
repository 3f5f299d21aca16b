"""The app's settings, read at call time (not import time) so tests can override them.

Each is defined once, with its default, in cms/settings/base.py, so nothing needs configuring
to try the app out.
"""

from django.conf import settings


def send_rate_per_minute():
    """Messages per minute across all workers (0: no limit). Set it below your provider's limit.

    Sent evenly, a share every second (600 a minute goes out as 10 a second), so
    providers that also limit per second are not flooded at the top of a minute.
    """
    return settings.NEWSLETTER_SEND_RATE_PER_MINUTE


def batch_size():
    """How many deliveries one worker claims and sends over one SMTP connection."""
    return settings.NEWSLETTER_SEND_BATCH_SIZE


def lease_seconds():
    """How long a claimed batch is a worker's alone unless renewed; the worker renews it as it goes."""
    return settings.NEWSLETTER_SEND_LEASE_SECONDS


def stale_seconds():
    """A worker whose heartbeat is this much older than now is taken for dead and its batch taken over.

    It must be longer than one SMTP exchange can take (see ``smtp_timeout``),
    or a slow but living worker would lose its batch mid-message.
    """
    return settings.NEWSLETTER_SEND_STALE_SECONDS


def heartbeat_seconds():
    """How often a sending worker writes its heartbeat: a small fraction of ``stale_seconds``."""
    return max(0.2, min(2.0, stale_seconds() / 6))


def smtp_timeout():
    """Seconds to wait for the mail server on each step, so a stuck server cannot hold a batch forever."""
    return settings.EMAIL_TIMEOUT


def max_attempts():
    """Tries for a message that keeps failing temporarily before it is recorded as failed."""
    return settings.NEWSLETTER_SEND_MAX_ATTEMPTS


def retry_base_seconds():
    """First retry delay; it doubles with every further attempt."""
    return settings.NEWSLETTER_SEND_RETRY_SECONDS


def bounce_limit():
    """Issues in a row refused by a subscriber's mail server before we stop sending to them."""
    return settings.NEWSLETTER_BOUNCE_LIMIT


def workers_per_send():
    """Worker tasks enqueued for one send; more than one only helps with several worker processes."""
    return settings.NEWSLETTER_SEND_WORKERS


def pending_days():
    """Days an unconfirmed sign-up is kept before it is deleted."""
    return settings.NEWSLETTER_PENDING_DAYS
