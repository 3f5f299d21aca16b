"""The send engine: one ``Delivery`` row per issue and subscriber, worked through by workers.

How a send survives crashes and parallel workers without sending anyone a second copy:

1. ``start_send`` creates the rows for every confirmed subscriber who has none
   for this issue yet, in one transaction (so sending again reaches only the
   ones who have not had it), and enqueues worker tasks after the commit.
2. A worker claims a batch: ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL;
   SQLite has one writer at a time anyway), then marks the rows ``sending``
   with a lease and its own claim token, and commits.
3. It sends the batch over one SMTP connection and marks each row ``sent`` in
   its own committed UPDATE as soon as the server has accepted the message.
   A worker killed mid-batch loses at most the message in flight: the rest of
   its rows are still ``sending`` and become claimable when the lease runs out.
4. Temporary failures (SMTP 4xx, lost connections) go back to ``queued`` with
   an exponential back-off; permanent ones (5xx) are recorded, and a
   subscriber refused that way for several issues in a row becomes
   ``bouncing`` and gets no more mail.

A rate limit shared through the cache (Redis in production) keeps all workers
together under the provider's messages-per-minute limit.
"""

import contextlib
import datetime
import logging
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from newsletters.models import PostPage

from . import conf
from .models import Delivery, Subscriber
from .rendering import IssueEmail
from .tokens import UnsubscribeLinks

logger = logging.getLogger(__name__)

TEMPORARY = "temporary"
PERMANENT = "permanent"
BOUNCE = "bounce"


def start_send(post):
    """Queue ``post`` for every confirmed subscriber who has not had it; returns how many were added."""
    from .tasks import enqueue_workers

    publication = post.get_parent()
    with transaction.atomic():
        subscriber_ids = (
            Subscriber.objects.filter(publication_id=publication.pk, status=Subscriber.Status.CONFIRMED)
            .exclude(deliveries__post_id=post.pk)
            .values_list("pk", flat=True)
        )
        rows = [Delivery(post_id=post.pk, subscriber_id=pk) for pk in subscriber_ids]
        # ignore_conflicts: a second editor pressing "send" at the same moment adds nothing twice.
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        transaction.on_commit(lambda: enqueue_workers(post.pk))
    logger.info("Queued issue %s for %s subscribers", post.pk, len(rows))
    return len(rows)


def claimable(now):
    """Rows a worker may take: queued and due, or abandoned by a worker whose lease ran out."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=Delivery.Status.QUEUED) & due) | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)


def claim_batch(post_id, size, *, now=None):
    """Take up to ``size`` rows for this worker; returns (claim token, deliveries with subscribers)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(claimable(now), post_id=post_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return token, []
        # Re-checking "claimable" makes the claim safe even where rows cannot be locked.
        Delivery.objects.filter(claimable(now), pk__in=ids).update(
            status=Delivery.Status.SENDING,
            claimed_until=now + datetime.timedelta(seconds=conf.lease_seconds()),
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    deliveries = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )
    return token, deliveries


def classify(error):
    """(kind, message) for a sending error: temporary (retry), permanent, or bounce (permanent, counted)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        detail = "; ".join(
            f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values()
        )
        return (BOUNCE if codes and min(codes) >= 500 else TEMPORARY), f"Recipient refused: {detail}"
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        message = f"{error.smtp_code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        # A 5xx for the message or the sender is our problem, not the subscriber's address: no bounce.
        return (PERMANENT if error.smtp_code >= 500 else TEMPORARY), message
    return TEMPORARY, f"{type(error).__name__}: {error}"


def is_connection_error(error):
    return isinstance(
        error, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | OSError
    ) and not (isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused))


def wait_for_send_slot(limit, *, clock=None, sleep=None):
    """Block until one more message fits in this minute's allowance, counted across all workers.

    Fixed one-minute windows in the shared cache: one round trip per message,
    and every worker on every machine draws from the same allowance.
    """
    if not limit:
        return
    clock, sleep = clock or time.time, sleep or time.sleep
    while True:
        window = int(clock() // 60)
        key = f"subscriptions:send-rate:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            continue
        if count <= limit:
            return
        sleep(max(0.05, 60 - clock() % 60))


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, other):
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.skipped += other.skipped


def mark_sent(delivery, token):
    """Committed at once (autocommit): a crash after this line never resends this row."""
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    if delivery.subscriber.bounce_count:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(bounce_count=0)


def mark_failed(delivery, token, kind, message, *, now=None):
    """Retry later with back-off, or record the failure (and count a bounce)."""
    now = now or timezone.now()
    attempts = delivery.attempts  # already counts this try: the claim added one before loading the row
    rows = Delivery.objects.filter(pk=delivery.pk, claim_token=token)
    if kind == TEMPORARY and attempts < conf.max_attempts():
        delay = conf.retry_base_seconds() * 2 ** (attempts - 1)
        rows.update(
            status=Delivery.Status.QUEUED,
            next_attempt_at=now + datetime.timedelta(seconds=delay),
            claimed_until=None,
            last_error=message[:1000],
        )
        return "retried"
    rows.update(status=Delivery.Status.FAILED, claimed_until=None, last_error=message[:1000])
    if kind == BOUNCE:
        record_bounce(delivery.subscriber_id)
    return "failed"


def record_bounce(subscriber_id):
    """One more issue refused; at the limit the address is marked bouncing and its queue cleared."""
    Subscriber.objects.filter(pk=subscriber_id).update(bounce_count=F("bounce_count") + 1)
    became_bouncing = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.CONFIRMED, bounce_count__gte=conf.bounce_limit()
    ).update(status=Subscriber.Status.BOUNCING)
    if became_bouncing:
        Delivery.objects.filter(subscriber_id=subscriber_id, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SKIPPED, last_error="The address kept refusing mail."
        )


def send_batch(issue, deliveries, token, connection):
    """Send claimed deliveries over one open connection, recording each as it goes."""
    outcome = Outcome()
    limit = conf.send_rate_per_minute()
    unsubscribe_url = UnsubscribeLinks()
    for delivery in deliveries:
        if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
            Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
                status=Delivery.Status.SKIPPED, claimed_until=None, last_error="Not subscribed any more."
            )
            outcome.skipped += 1
            continue
        wait_for_send_slot(limit)
        message = issue.message_for(
            delivery.subscriber, unsubscribe_url(delivery.subscriber), connection=connection
        )
        try:
            connection.send_messages([message])
        except Exception as error:
            kind, text = classify(error)
            logger.warning("Delivery %s failed (%s): %s", delivery.pk, kind, text)
            if mark_failed(delivery, token, kind, text) == "retried":
                outcome.retried += 1
            else:
                outcome.failed += 1
            if is_connection_error(error):
                reopen(connection)
        else:
            mark_sent(delivery, token)
            outcome.sent += 1
    return outcome


def reopen(connection):
    """After a dropped connection, start a fresh one for the rest of the batch."""
    with contextlib.suppress(Exception):  # it is already broken
        connection.close()
    try:
        connection.open()
    except Exception as error:
        logger.warning("Could not reconnect to the mail server: %s", error)


def deliver(post_id, *, batch_size=None):
    """Work through an issue's due deliveries batch by batch until none is left; returns an Outcome."""
    post = PostPage.objects.filter(pk=post_id).first()
    if post is None:  # deleted since the send started; its deliveries went with it
        return Outcome()
    issue = IssueEmail(post)
    size = batch_size or conf.batch_size()
    if conf.send_rate_per_minute():
        # A batch should take about a minute at most, well inside its lease.
        size = max(1, min(size, conf.send_rate_per_minute()))
    outcome = Outcome()
    while True:
        token, deliveries = claim_batch(post_id, size)
        if not deliveries:
            return outcome
        cache.set(worker_alive_key(post_id), True, timeout=conf.lease_seconds())
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:
            _, text = classify(error)
            for delivery in deliveries:
                mark_failed(delivery, token, TEMPORARY, text)
            outcome.retried += len(deliveries)
            logger.warning("Mail server unavailable, batch of %s will be retried: %s", len(deliveries), text)
            return outcome
        try:
            outcome.add(send_batch(issue, deliveries, token, connection))
        finally:
            connection.close()


def next_due(post_id):
    """When rows of this issue that are waiting (a retry, or another worker's lease) become claimable."""
    waiting = Delivery.objects.filter(post_id=post_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.QUEUED)),
        lease=Min("claimed_until", filter=Q(status=Delivery.Status.SENDING)),
    )
    times = [value for value in waiting.values() if value]
    return min(times) if times else None


def worker_alive_key(post_id):
    return f"subscriptions:worker-alive:{post_id}"


def posts_with_due_deliveries(now=None):
    """Issues with rows ready to send and no worker seen lately: after a crash, or a retry left unscheduled.

    Every worker notes in the shared cache when it claims a batch; the note
    lasts one lease, so a send that is under way is left alone.
    """
    now = now or timezone.now()
    due = Delivery.objects.filter(claimable(now)).values_list("post_id", flat=True).distinct()
    return [post_id for post_id in due if not cache.get(worker_alive_key(post_id))]


def progress(post):
    """Counts for the admin: how far a send has got. Counts only; nothing about who opened what."""
    counts = Delivery.objects.filter(post=post).counts()
    counts["remaining"] = counts["queued"] + counts["sending"]
    counts["total"] = sum(counts[status] for status in Delivery.Status.values)
    return counts
