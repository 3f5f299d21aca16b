"""The send engine: batches, one connection per batch, retries, bounces, rate limit, crash recovery."""

import datetime
import smtplib
from collections import Counter

from django.core import mail
from django.utils import timezone

import pytest

from subscriptions import conf, delivery
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


class FakeClock:
    """time.time and time.sleep for the rate limit: sleeping moves the clock on."""

    def __init__(self, start):
        self.now = start
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.mark.django_db
def test_rate_limit_spreads_the_minute_evenly_over_each_second():
    """600 a minute goes out as 10 every second, not 600 in the first seconds of a minute."""
    clock = FakeClock(600.0)
    sent_in_second = Counter()
    for _ in range(60):
        delivery.wait_for_send_slot(600, clock=clock.time, sleep=clock.sleep)
        sent_in_second[int(clock.now)] += 1
    assert sent_in_second == {600: 10, 601: 10, 602: 10, 603: 10, 604: 10, 605: 10}
    assert clock.now < 606  # no waiting for a new minute

    delivery.wait_for_send_slot(0, clock=clock.time, sleep=clock.sleep)  # 0 means no limit
    assert len(clock.slept) == 5


@pytest.mark.django_db
def test_a_rate_below_one_a_second_still_adds_up_to_the_minute():
    for per_minute in (90, 30, 7):
        budgets = [delivery.send_budget(second, per_minute) for second in range(6000, 6120)]
        assert set(budgets) <= {per_minute // 60, per_minute // 60 + 1}
        assert sum(budgets[:60]) == sum(budgets[60:]) == per_minute
        assert all(sum(budgets[start : start + 60]) in (per_minute, per_minute + 1) for start in range(60))


@pytest.mark.django_db
def test_rate_limit_applies_to_a_real_send(queued, settings, monkeypatch):
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 300  # 5 a second
    clock = FakeClock(1_000_020.0)
    sent_in_second = Counter()
    monkeypatch.setattr(delivery.time, "time", clock.time)
    monkeypatch.setattr(delivery.time, "sleep", clock.sleep)
    original = delivery.mark_sent

    def note_second(row, token):
        sent_in_second[int(clock.now)] += 1
        original(row, token)

    monkeypatch.setattr(delivery, "mark_sent", note_second)
    delivery.deliver(queued.pk)
    assert len(mail.outbox) == 12
    assert list(sent_in_second.values()) == [5, 5, 2]


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
    heartbeat = delivery.Heartbeat(queued.pk)
    assert delivery.posts_with_due_deliveries() == []  # a worker is on it
    heartbeat.stop()
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


@pytest.mark.django_db
def test_a_resent_message_carries_the_same_message_id_so_mail_clients_fold_it(queued):
    delivery.deliver(queued.pk)
    first = {message.to[0]: message.extra_headers["Message-ID"] for message in mail.outbox}
    assert len(set(first.values())) == 12  # one per subscriber

    # As after a crash between the server's "accepted" and our "sent": the rows go out again.
    Delivery.objects.filter(post=queued).update(status="queued", sent_at=None)
    mail.outbox.clear()
    delivery.deliver(queued.pk)
    again = {message.to[0]: message.extra_headers["Message-ID"] for message in mail.outbox}
    assert again == first


def hold_rows(rows, token, *, heartbeat_age, lease=datetime.timedelta(minutes=10)):
    """Rows claimed by a worker whose last heartbeat was ``heartbeat_age`` ago, under a long lease."""
    from subscriptions.models import SendingWorker

    post_id = rows[0].post_id
    SendingWorker.objects.create(
        token=token, post_id=post_id, name="elsewhere:1", heartbeat_at=timezone.now() - heartbeat_age
    )
    Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
        status="sending", claim_token=token, claimed_until=timezone.now() + lease, attempts=1
    )


@pytest.mark.django_db
def test_a_batch_whose_worker_stopped_beating_is_taken_over_in_seconds_not_at_the_end_of_its_lease(
    queued, settings
):
    settings.NEWSLETTER_SEND_STALE_SECONDS = 5
    rows = list(Delivery.objects.filter(post=queued).order_by("pk"))
    hold_rows(rows[:4], "killed-worker", heartbeat_age=datetime.timedelta(seconds=6))
    hold_rows(rows[4:6], "busy-worker", heartbeat_age=datetime.timedelta(seconds=1))

    outcome = delivery.deliver(queued.pk)

    assert outcome.sent == 10  # the killed worker's 4 and the 6 never claimed
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.subscriber.email for r in rows[:4] + rows[6:])
    assert Delivery.objects.filter(post=queued, claim_token="busy-worker", status="sending").count() == 2
    # The busy worker's rows become due when its heartbeat would count as stopped, not in 10 minutes.
    due = delivery.next_due(queued.pk)
    assert timezone.now() < due < timezone.now() + datetime.timedelta(seconds=5)


@pytest.mark.django_db
def test_a_living_worker_renews_its_short_lease_as_it_goes(queued, settings):
    settings.NEWSLETTER_SEND_LEASE_SECONDS = 30
    heartbeat = delivery.Heartbeat(queued.pk)
    token, rows = delivery.claim_batch(queued.pk, 5, token=heartbeat.token)
    first_lease = Delivery.objects.get(pk=rows[0].pk).claimed_until
    assert first_lease < timezone.now() + datetime.timedelta(seconds=31)

    heartbeat.last_renewal -= 20  # twenty seconds into the batch
    Delivery.objects.filter(claim_token=token).update(claimed_until=timezone.now())
    heartbeat.beat(force=True)
    renewed = Delivery.objects.get(pk=rows[0].pk).claimed_until
    assert renewed > timezone.now() + datetime.timedelta(seconds=25)
    heartbeat.stop()


@pytest.mark.django_db
def test_a_worker_that_lost_its_rows_to_another_does_not_send_them(queued, counting_backend):
    from django.core.mail import get_connection

    from subscriptions.rendering import IssueEmail

    heartbeat = delivery.Heartbeat(queued.pk)
    token, rows = delivery.claim_batch(queued.pk, 4, token=heartbeat.token)
    # Taken for dead while it was stuck: another worker claimed two of its rows meanwhile.
    heartbeat.last_beat -= conf.stale_seconds()
    Delivery.objects.filter(pk__in=[rows[1].pk, rows[2].pk]).update(claim_token="the-other-worker")
    connection = get_connection()
    connection.open()
    outcome = delivery.send_batch(IssueEmail(queued), rows, token, connection, heartbeat)
    assert outcome.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.subscriber.email for r in (rows[0], rows[3]))
    heartbeat.stop()


@pytest.mark.django_db
def test_housekeeping_leaves_a_send_alone_while_its_worker_beats_even_in_another_process(queued, settings):
    """Without Redis the cache is per process: the heartbeat in the database is what tells."""
    settings.NEWSLETTER_SEND_STALE_SECONDS = 5
    rows = list(Delivery.objects.filter(post=queued).order_by("pk"))
    hold_rows(rows[1:], "living", heartbeat_age=datetime.timedelta(seconds=1))  # rows[0] is due now
    assert delivery.posts_with_due_deliveries() == []

    from subscriptions.models import SendingWorker

    SendingWorker.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=10))
    assert delivery.posts_with_due_deliveries() == [queued.pk]


@pytest.mark.django_db
def test_a_steady_worker_does_not_ask_the_database_before_every_message(queued, monkeypatch):
    """Its heartbeat and lease are fresh, so no other worker may have claimed its rows."""
    asked = []
    real_still_mine = delivery.still_mine
    monkeypatch.setattr(delivery, "still_mine", lambda *args: asked.append(args) or real_still_mine(*args))
    monkeypatch.setattr(delivery.Heartbeat, "CHECK_EVERY", 5)
    outcome = delivery.deliver(queued.pk)
    assert outcome.sent == 12
    assert len(asked) == 2  # the backstop: once in every five messages


@pytest.mark.django_db
def test_after_a_pause_a_worker_checks_each_remaining_row_before_sending(queued, counting_backend):
    from django.core.mail import get_connection

    from subscriptions.rendering import IssueEmail

    heartbeat = delivery.Heartbeat(queued.pk)
    token, rows = delivery.claim_batch(queued.pk, 4, token=heartbeat.token)
    connection = get_connection()
    connection.open()
    delivery.send_batch(IssueEmail(queued), rows[:1], token, connection, heartbeat)
    # Stuck for longer than the lease (its heartbeat somehow kept beating): the rest went elsewhere.
    heartbeat.last_renewal -= conf.lease_seconds()
    Delivery.objects.filter(pk__in=[row.pk for row in rows[1:]]).update(claim_token="the-other-worker")
    outcome = delivery.send_batch(IssueEmail(queued), rows[1:], token, connection, heartbeat)
    assert outcome.sent == 0
    assert [m.to[0] for m in mail.outbox] == [rows[0].subscriber.email]
    heartbeat.stop()


def test_out_of_the_box_a_slow_mail_server_never_makes_a_living_sender_look_dead():
    """A worker blocked on one SMTP step for the whole EMAIL_TIMEOUT must not lose its batch to
    another worker, which would send the message in flight a second time."""
    from cms.settings import base

    assert base.NEWSLETTER_SEND_STALE_SECONDS > base.EMAIL_TIMEOUT
