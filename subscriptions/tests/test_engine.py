"""The send engine: batches, one connection per batch, retries, bounces, rate limit, crash recovery."""

import datetime
import smtplib

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

import pytest

from subscriptions import delivery
from subscriptions.models import Delivery, Subscriber
from subscriptions.tasks import deliver_issue

from . import backends
from .conftest import add_issue, make_subscribers


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = "subscriptions.tests.backends.CountingBackend"
    backends.reset()
    yield backends
    backends.reset()


@pytest.fixture
def queued(issue, newsletter, django_capture_on_commit_callbacks, settings):
    """Twelve subscribers with deliveries queued, and no worker run yet."""
    settings.NEWSLETTER_SEND_WORKERS = 0
    make_subscribers(newsletter, 12)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.start_send(issue) == 12
    return issue


def statuses(issue):
    return sorted(Delivery.objects.filter(post=issue).values_list("status", flat=True))


@pytest.mark.django_db
def test_start_send_creates_one_row_per_confirmed_subscriber_only(issue, newsletter, blog, settings):
    settings.NEWSLETTER_SEND_WORKERS = 0
    make_subscribers(newsletter, 3)
    make_subscribers(newsletter, 2, status=Subscriber.Status.PENDING, prefix="pending")
    make_subscribers(newsletter, 1, status=Subscriber.Status.UNSUBSCRIBED, prefix="gone")
    make_subscribers(newsletter, 1, status=Subscriber.Status.BOUNCING, prefix="bouncing")
    make_subscribers(blog, 4, prefix="elsewhere")

    assert delivery.start_send(issue) == 3
    assert delivery.start_send(issue) == 0  # sending again reaches only those who have not had it
    make_subscribers(newsletter, 2, prefix="late")
    assert delivery.start_send(issue) == 2
    assert Delivery.objects.filter(post=issue).count() == 5


@pytest.mark.django_db
def test_batches_go_over_one_connection_each_and_rows_are_marked_as_they_go(queued, counting_backend):
    outcome = delivery.deliver(queued.pk, batch_size=5)

    assert outcome.sent == 12
    assert len(counting_backend.connections_opened) == 3  # 5 + 5 + 2
    assert [len(connection.sent_here) for connection in counting_backend.connections_opened] == [5, 5, 2]
    assert statuses(queued) == ["sent"] * 12
    assert all(Delivery.objects.filter(post=queued).values_list("sent_at", flat=True))
    assert Delivery.objects.filter(post=queued, attempts=1).count() == 12


@pytest.mark.django_db
def test_each_row_is_marked_sent_right_after_the_server_accepts_it(queued, monkeypatch):
    seen = []
    original = delivery.mark_sent

    def spy(row, token):
        # When a row is marked, exactly the messages accepted so far are in the mailbox.
        seen.append((len(mail.outbox), Delivery.objects.filter(post=queued, status="sent").count()))
        original(row, token)

    monkeypatch.setattr(delivery, "mark_sent", spy)
    delivery.deliver(queued.pk, batch_size=100)
    assert seen == [(n, n - 1) for n in range(1, 13)]


@pytest.mark.django_db
def test_running_twice_sends_nobody_a_second_copy(queued):
    deliver_issue.enqueue(queued.pk)
    deliver_issue.enqueue(queued.pk)
    delivery.deliver(queued.pk)
    assert len(mail.outbox) == 12
    assert len({message.to[0] for message in mail.outbox}) == 12


@pytest.mark.django_db
def test_temporary_failures_are_retried_with_exponential_back_off(queued, counting_backend, settings):
    settings.NEWSLETTER_SEND_RETRY_SECONDS = 60
    address = "reader3@example.org"
    counting_backend.failures[address] = [
        smtplib.SMTPRecipientsRefused({address: (451, b"Try again later")}),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ]
    row = Delivery.objects.get(post=queued, subscriber__email=address)

    started = timezone.now()
    outcome = delivery.deliver(queued.pk)
    assert (outcome.sent, outcome.retried) == (11, 1)
    row.refresh_from_db()
    assert row.status == Delivery.Status.QUEUED
    assert "451" in row.last_error
    first_wait = row.next_attempt_at - started
    assert datetime.timedelta(seconds=59) < first_wait < datetime.timedelta(seconds=65)

    assert delivery.deliver(queued.pk).sent == 0  # not due yet

    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    retry_started = timezone.now()
    delivery.deliver(queued.pk)
    row.refresh_from_db()
    assert row.status == Delivery.Status.QUEUED and row.attempts == 2
    assert "SMTPServerDisconnected" in row.last_error
    second_wait = row.next_attempt_at - retry_started
    assert datetime.timedelta(seconds=119) < second_wait < datetime.timedelta(seconds=125)

    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    delivery.deliver(queued.pk)
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.attempts == 3
    assert len([m for m in mail.outbox if m.to == [address]]) == 1


@pytest.mark.django_db
def test_temporary_failures_give_up_after_the_maximum_attempts(queued, counting_backend, settings):
    settings.NEWSLETTER_SEND_MAX_ATTEMPTS = 2
    address = "reader0@example.org"
    counting_backend.failures[address] = [smtplib.SMTPDataError(421, b"Busy")] * 5
    delivery.deliver(queued.pk)
    Delivery.objects.filter(status="queued").update(next_attempt_at=timezone.now())
    delivery.deliver(queued.pk)
    row = Delivery.objects.get(subscriber__email=address)
    assert row.status == Delivery.Status.FAILED and row.attempts == 2
    assert Subscriber.objects.get(email=address).bounce_count == 0  # not the address's fault


@pytest.mark.django_db
def test_a_retry_is_scheduled_with_run_after_when_the_backend_can_wait(queued, counting_backend, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    address = "reader1@example.org"
    counting_backend.failures[address] = [backends.refused(address, 450, b"Mailbox busy")]
    deliver_issue.call(queued.pk)
    results = deliver_issue.get_backend().results
    assert len(results) == 1
    row = Delivery.objects.get(subscriber__email=address)
    assert results[0].task.run_after == row.next_attempt_at
    assert results[0].args == [queued.pk]


@pytest.mark.django_db
def test_permanent_refusals_count_as_bounces_and_stop_mail_after_three_issues(
    newsletter, counting_backend, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_SEND_WORKERS = 1
    make_subscribers(newsletter, 3)
    address = "reader2@example.org"
    issues = [add_issue(newsletter, title=f"Issue {n}") for n in range(4)]
    for number, issue in enumerate(issues[:3]):
        counting_backend.failures[address] = [backends.refused(address)]
        with django_capture_on_commit_callbacks(execute=True):
            delivery.start_send(issue)
        row = Delivery.objects.get(post=issue, subscriber__email=address)
        assert row.status == Delivery.Status.FAILED
        assert "550" in row.last_error
        assert Subscriber.objects.get(email=address).bounce_count == number + 1

    assert Subscriber.objects.get(email=address).status == Subscriber.Status.BOUNCING
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.start_send(issues[3]) == 2  # the bouncing address is left out
    assert not any(m.to == [address] for m in mail.outbox)


@pytest.mark.django_db
def test_a_successful_delivery_resets_the_bounce_count(queued):
    Subscriber.objects.update(bounce_count=2)
    delivery.deliver(queued.pk)
    assert set(Subscriber.objects.values_list("bounce_count", flat=True)) == {0}


@pytest.mark.django_db
def test_mail_server_down_retries_the_whole_batch(queued, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    settings.EMAIL_TIMEOUT = 2
    outcome = delivery.deliver(queued.pk, batch_size=5)
    assert outcome.retried == 5
    assert Delivery.objects.filter(status="queued", attempts=1).exclude(next_attempt_at=None).count() == 5


@pytest.mark.django_db
def test_rate_limit_is_shared_through_the_cache(monkeypatch):
    now = [600.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    for _ in range(3):
        delivery.wait_for_send_slot(3, clock=lambda: now[0], sleep=sleep)
    assert slept == []
    delivery.wait_for_send_slot(3, clock=lambda: now[0], sleep=sleep)  # the 4th waits for the next minute
    assert slept == [60.0]
    delivery.wait_for_send_slot(0, clock=lambda: now[0], sleep=sleep)  # 0 means no limit
    assert slept == [60.0]


@pytest.mark.django_db
def test_rate_limit_applies_to_a_real_send(queued, settings, monkeypatch):
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 5
    clock, waits = [1_000_020.0], []

    def advancing_sleep(seconds):
        waits.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(delivery.time, "time", lambda: clock[0])
    monkeypatch.setattr(delivery.time, "sleep", advancing_sleep)
    delivery.deliver(queued.pk)
    assert len(mail.outbox) == 12
    assert len(waits) == 2  # 12 messages at 5 a minute: two waits for a new minute


@pytest.mark.django_db
def test_resume_after_a_crash_sends_the_abandoned_rows_and_not_the_sent_ones(queued, settings):
    """A worker died mid-batch: some rows sent, some left "sending" under a lease."""
    rows = list(Delivery.objects.filter(post=queued).order_by("pk"))
    past = timezone.now() - datetime.timedelta(minutes=1)
    future = timezone.now() + datetime.timedelta(minutes=5)
    Delivery.objects.filter(pk__in=[r.pk for r in rows[:4]]).update(status="sent", sent_at=past, attempts=1)
    Delivery.objects.filter(pk__in=[r.pk for r in rows[4:8]]).update(
        status="sending", claimed_until=past, claim_token="dead-worker", attempts=1
    )
    Delivery.objects.filter(pk__in=[r.pk for r in rows[8:10]]).update(
        status="sending", claimed_until=future, claim_token="live-worker", attempts=1
    )

    outcome = delivery.deliver(queued.pk)

    assert outcome.sent == 6  # 4 abandoned + 2 never claimed; the live worker's 2 are left alone
    sent_to = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(r.subscriber.email for r in rows[4:8] + rows[10:])
    assert sent_to == expected
    assert delivery.next_due(queued.pk) == Delivery.objects.get(pk=rows[8].pk).claimed_until

    # The dead worker wakes up and tries to mark one of its old rows: it no longer owns it.
    delivery.mark_sent(Delivery.objects.select_related("subscriber").get(pk=rows[4].pk), "dead-worker")
    assert Delivery.objects.get(pk=rows[4].pk).claim_token != "dead-worker"


@pytest.mark.django_db
def test_housekeeping_restarts_sends_left_without_a_worker(queued):
    Delivery.objects.filter(post=queued).update(
        status="sending", claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert delivery.posts_with_due_deliveries() == [queued.pk]
    cache.set(delivery.worker_alive_key(queued.pk), True)
    assert delivery.posts_with_due_deliveries() == []  # a worker is on it
    cache.delete(delivery.worker_alive_key(queued.pk))
    from django.core.management import call_command

    call_command("newsletter_housekeeping")
    assert statuses(queued) == ["sent"] * 12


@pytest.mark.django_db
def test_subscribers_who_left_after_the_send_started_are_skipped(queued):
    Subscriber.objects.filter(email="reader5@example.org").update(status=Subscriber.Status.UNSUBSCRIBED)
    outcome = delivery.deliver(queued.pk)
    assert (outcome.sent, outcome.skipped) == (11, 1)
    assert delivery.progress(queued) | {} == {
        "queued": 0,
        "sending": 0,
        "sent": 11,
        "failed": 0,
        "skipped": 1,
        "remaining": 0,
        "total": 12,
    }
