"""The send engine: one ``Delivery`` row per issue and subscriber, worked through by workers.

How a send survives crashes and parallel workers without sending anyone a second copy:

1. ``start_send`` creates the rows for every confirmed subscriber who has none
   for this issue yet, in one transaction (so sending again reaches only the
   ones who have not had it), and enqueues worker tasks after the commit.
2. A worker records itself (``SendingWorker``: its token and a heartbeat in
   the database), then claims a batch: ``SELECT ... FOR UPDATE SKIP LOCKED``
   (PostgreSQL; SQLite has one writer at a time anyway), marks the rows
   ``sending`` with a short lease and its token, and commits.
3. It sends the batch over one SMTP connection and marks each row ``sent`` in
   its own committed UPDATE as soon as the server has accepted the message,
   before it starts the next one. Between messages it writes its heartbeat
   (and now and then renews the lease of the rows it still holds).
4. A worker killed mid-batch loses at most the message in flight. Its other
   rows are still ``sending``; as soon as its heartbeat is a few seconds old
   (``NEWSLETTER_SEND_STALE_SECONDS``) any other worker takes them over. The
   message in flight may then go out twice, but with the same Message-ID
   (derived from the row), so mail clients show it once.
5. Temporary failures (SMTP 4xx, lost connections) go back to ``queued`` with
   an exponential back-off; permanent ones (5xx) are recorded, and a
   subscriber refused that way for several issues in a row becomes
   ``bouncing`` and gets no more mail.

A rate limit shared through the cache (Redis in production) keeps all workers
together under the provider's limit, spread evenly over each second.
"""

import contextlib
import datetime
import logging
import os
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cms.counters import count_one_more
from cms.retries import backoff
from newsletters.models import PostPage

from . import conf
from .models import Delivery, SendingWorker, Subscriber
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


def stale_workers():
    """Workers whose heartbeat stopped: killed, or their machine gone. Timed by the database's clock."""
    cutoff = Now() - datetime.timedelta(seconds=conf.stale_seconds())
    return SendingWorker.objects.filter(heartbeat_at__lt=cutoff)


def claimable(now):
    """Rows a worker may take: queued and due, or abandoned (lease run out, or heartbeat stopped)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    abandoned = Q(claimed_until__lt=now) | Q(Exists(stale_workers().filter(token=OuterRef("claim_token"))))
    return (Q(status=Delivery.Status.QUEUED) & due) | (Q(status=Delivery.Status.SENDING) & abandoned)


def claim_batch(post_id, size, *, now=None, token=None):
    """Take up to ``size`` rows for this worker; returns (claim token, deliveries with subscribers)."""
    now = now or timezone.now()
    token = token or uuid.uuid4().hex
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


def send_budget(second, per_minute):
    """Messages allowed in one second: the minute's allowance spread evenly.

    Fractions carry over, so 600 a minute is 10 every second and 90 a minute
    alternates 1 and 2; any 60 seconds in a row add up to the limit.
    """
    return (second + 1) * per_minute // 60 - second * per_minute // 60


def wait_for_send_slot(limit, *, clock=None, sleep=None, while_waiting=None):
    """Block until one more message fits in this second's budget, counted across all workers.

    One-second windows in the shared cache (one round trip per message), so
    every worker on every machine draws from the same allowance and a
    provider's per-second limit is never hit by a burst. ``while_waiting`` is
    called before each pause (the worker's heartbeat).
    """
    if not limit:
        return
    clock, sleep = clock or time.time, sleep or time.sleep
    while True:
        now = clock()
        second = int(now)
        budget = send_budget(second, limit)
        if budget and count_one_more(f"subscriptions:send-rate:{second}", timeout=10) <= budget:
            return
        if while_waiting:
            while_waiting()
        sleep(max(0.01, second + 1 - now))


class Heartbeat:
    """This worker's sign of life in the database, written between messages.

    While it keeps beating, the worker's rows stay its own (the lease is
    renewed as it goes); once it stops, other workers take them over after
    ``stale_seconds``.
    """

    # However steady the heartbeat, ownership is checked at least once in this many messages.
    CHECK_EVERY = 100

    def __init__(self, post_id):
        self.token = uuid.uuid4().hex
        self.post_id = post_id
        self.name = f"{socket.gethostname()}:{os.getpid()}"[:200]
        SendingWorker.objects.create(token=self.token, post_id=post_id, name=self.name, heartbeat_at=Now())
        self.last_beat = time.monotonic()
        self.claimed()

    def claimed(self):
        """A fresh batch was just claimed, with a fresh lease: nobody else can hold any of it yet."""
        self.last_renewal = time.monotonic()
        self.paused = False
        self.unchecked = 0

    def beat(self, *, force=False):
        """Write the heartbeat if it is due (a few times per ``stale_seconds``), and renew the lease."""
        now = time.monotonic()
        if (
            now - self.last_beat >= conf.stale_seconds() / 2
            or now - self.last_renewal >= conf.lease_seconds() / 2
        ):
            # Stopped long enough (a slow mail server, a paused process) that another worker
            # may have taken this one for dead and claimed its rows meanwhile.
            self.paused = True
        if not force and now - self.last_beat < conf.heartbeat_seconds():
            return
        if not SendingWorker.objects.filter(token=self.token).update(heartbeat_at=Now()):
            # Tidied away while this worker was stuck: register again.
            SendingWorker.objects.create(
                token=self.token, post_id=self.post_id, name=self.name, heartbeat_at=Now()
            )
        self.last_beat = now
        if now - self.last_renewal >= conf.lease_seconds() / 3:
            self.renew_lease()

    def renew_lease(self):
        started = time.monotonic()  # the lease runs from before the write, to be safe
        Delivery.objects.filter(claim_token=self.token, status=Delivery.Status.SENDING).update(
            claimed_until=timezone.now() + datetime.timedelta(seconds=conf.lease_seconds())
        )
        self.last_renewal = started

    def may_have_lost(self):
        """Whether this worker's rows could have been taken over, so each must be checked before sending.

        Another worker may claim them only once this heartbeat is ``stale_seconds``
        old or the lease has run out (see ``claimable``). While beats and renewals
        come well inside both, that cannot happen, so the database is asked only
        after a pause (then for the rest of the batch) and every ``CHECK_EVERY``
        messages.
        """
        self.unchecked += 1
        if self.paused or self.unchecked >= self.CHECK_EVERY:
            self.unchecked = 0
            return True
        return False

    def stop(self):
        # If the database is gone, the original error matters more; the row goes stale on its own.
        with contextlib.suppress(DatabaseError):
            SendingWorker.objects.filter(token=self.token).delete()


def message_id(delivery, host):
    """The same Message-ID every time this row is sent, so a copy resent after a crash folds into the first.

    The row's creation time is mixed in so ids never repeat after a database is rebuilt.
    """
    digest = salted_hmac("subscriptions.message-id", f"{delivery.pk}:{delivery.created_at.isoformat()}")
    return f"<issue-{delivery.post_id}.{delivery.pk}.{digest.hexdigest()[:16]}@{host}>"


def still_mine(delivery, token):
    """False if another worker took this row over (we were taken for dead): then it must not go out again."""
    return Delivery.objects.filter(pk=delivery.pk, claim_token=token, status=Delivery.Status.SENDING).exists()


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
        delay = backoff(attempts, first=datetime.timedelta(seconds=conf.retry_base_seconds()))
        rows.update(
            status=Delivery.Status.QUEUED,
            next_attempt_at=now + delay,
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


def send_batch(issue, deliveries, token, connection, heartbeat=None):
    """Send claimed deliveries over one open connection, recording each as it goes."""
    outcome = Outcome()
    limit = conf.send_rate_per_minute()
    unsubscribe_url = UnsubscribeLinks(issue.publication)
    beat = heartbeat.beat if heartbeat else None
    for delivery in deliveries:
        if beat:
            beat()
            if heartbeat.may_have_lost() and not still_mine(delivery, token):
                logger.warning(
                    "Delivery %s was taken over by another worker; not sending it here", delivery.pk
                )
                continue
        if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
            Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
                status=Delivery.Status.SKIPPED, claimed_until=None, last_error="Not subscribed any more."
            )
            outcome.skipped += 1
            continue
        wait_for_send_slot(limit, while_waiting=beat)
        message = issue.message_for(
            delivery.subscriber,
            unsubscribe_url(delivery.subscriber),
            connection=connection,
            message_id=message_id(delivery, issue.host),
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
        # A batch holds at most a minute's worth, so no rows wait long behind one worker.
        size = max(1, min(size, conf.send_rate_per_minute()))
    outcome = Outcome()
    heartbeat = Heartbeat(post_id)
    try:
        while True:
            token, deliveries = claim_batch(post_id, size, token=heartbeat.token)
            if not deliveries:
                return outcome
            heartbeat.claimed()
            connection = get_connection(timeout=conf.smtp_timeout())
            try:
                connection.open()
            except Exception as error:
                _, text = classify(error)
                for delivery in deliveries:
                    mark_failed(delivery, token, TEMPORARY, text)
                outcome.retried += len(deliveries)
                logger.warning(
                    "Mail server unavailable, batch of %s will be retried: %s", len(deliveries), text
                )
                return outcome
            try:
                outcome.add(send_batch(issue, deliveries, token, connection, heartbeat))
            finally:
                connection.close()
    finally:
        heartbeat.stop()


def finish_send(post_id, *, batch_size=None, sleep=time.sleep):
    """Send until nothing of this issue is left but later retries, taking over from dead workers.

    Unlike one worker task, this also waits while other workers hold rows, in
    case they die: what a person finishing a send by hand wants.
    """
    outcome = Outcome()
    while True:
        outcome.add(deliver(post_id, batch_size=batch_size))
        if not Delivery.objects.filter(post_id=post_id, status=Delivery.Status.SENDING).exists():
            return outcome
        due = next_due(post_id, retries=False)
        wait = (due - timezone.now()).total_seconds() if due else 0
        sleep(min(max(wait, 0.2), conf.heartbeat_seconds() * 2))


def next_due(post_id, *, retries=True):
    """When waiting rows of this issue become claimable: a retry, or another worker's lease or heartbeat."""
    rows = Delivery.objects.filter(post_id=post_id)
    waiting = rows.aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.QUEUED)),
        lease=Min("claimed_until", filter=Q(status=Delivery.Status.SENDING)),
    )
    if not retries:
        waiting.pop("retry")
    holders = rows.filter(status=Delivery.Status.SENDING).values("claim_token")
    last_beat = SendingWorker.objects.filter(token__in=holders).aggregate(Min("heartbeat_at"))
    if last_beat["heartbeat_at__min"]:
        waiting["heartbeat"] = last_beat["heartbeat_at__min"] + datetime.timedelta(
            seconds=conf.stale_seconds()
        )
    times = [value for value in waiting.values() if value]
    return min(times) if times else None


def posts_with_due_deliveries(now=None):
    """Issues with rows ready to send and no worker seen lately: after a crash, or a retry left unscheduled.

    A send is left alone while one of its workers has a fresh heartbeat in the database.
    """
    now = now or timezone.now()
    due = Delivery.objects.filter(claimable(now)).values_list("post_id", flat=True).distinct()
    alive = set(
        SendingWorker.objects.exclude(pk__in=stale_workers().values("pk")).values_list("post_id", flat=True)
    )
    return [post_id for post_id in due if post_id not in alive]


def forget_dead_workers(older_than=datetime.timedelta(hours=1)):
    """Delete heartbeats of workers long gone (their rows were taken over or their lease ran out)."""
    deleted, _ = SendingWorker.objects.filter(heartbeat_at__lt=timezone.now() - older_than).delete()
    return deleted


def progress(post):
    """Counts for the admin: how far a send has got. Counts only; nothing about who opened what."""
    counts = Delivery.objects.filter(post=post).counts()
    counts["remaining"] = counts["queued"] + counts["sending"]
    counts["total"] = sum(counts[status] for status in Delivery.Status.values)
    return counts
