"""Reminders, organisers' digests and deleting personal data: each safe to run again and again."""

import io
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from icalendar import Calendar

from surgeries.models import Booking, BookingStatus, OrganiserDigest, SurgeryPage
from surgeries.personal_data import months_before

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a management command and the tasks it queued; returns what it printed."""

    def call(command, *args, **options):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(command, *args, stdout=out, **options)
        return out.getvalue()

    return call


def test_reminders_go_out_the_day_before_once_only(run, book, make_surgery):
    tomorrow = make_surgery(days=3)
    book(tomorrow, "a@example.com")
    book(tomorrow, "b@example.com", role="help")
    later = make_surgery(days=10)
    book(later, "c@example.com")
    mail.outbox = []
    # Two days later the first surgery is less than a day away.
    in_two_days = timezone.now() + timedelta(days=2, hours=1)
    with mock.patch("django.utils.timezone.now", return_value=in_two_days):
        assert "Queued 2 reminder(s)" in run("send_surgery_reminders")
        assert "Queued 0 reminder(s)" in run("send_surgery_reminders")
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "b@example.com"]
    message = mail.outbox[0]
    assert message.subject == f"Tomorrow: {tomorrow.title}"
    assert Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert Booking.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_the_reminder_task_is_idempotent(book, surgery):
    from surgeries.tasks import send_reminder

    book(surgery)
    booking = Booking.objects.get()
    mail.outbox = []
    assert send_reminder.call(booking.pk) is True
    assert send_reminder.call(booking.pk) is False
    assert len(mail.outbox) == 1


def test_no_reminder_for_cancelled_surgeries_waiting_lists_or_late_bookings(run, book, make_surgery):
    soon = make_surgery(days=3, attendee_capacity=1)
    book(soon, "booked@example.com")
    book(soon, "waiting@example.com")
    off = make_surgery(days=3, status="cancelled")
    Booking.objects.create(surgery=off, role="attend", name="X", email="x@example.com")
    mail.outbox = []
    later = timezone.now() + timedelta(days=2, hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        run("send_surgery_reminders")
    assert [message.to[0] for message in mail.outbox] == ["booked@example.com"]
    # Booked within the last day: the confirmation is enough.
    last_minute = make_surgery(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        Booking.objects.create(
            surgery=last_minute, role="attend", name="Late", email="late@example.com", created_at=later
        )
        run("send_surgery_reminders")
    assert "late@example.com" not in [message.to[0] for message in mail.outbox]


def test_organisers_get_one_digest_a_day_of_new_bookings(run, book, surgery, django_user_model):
    priya = django_user_model.objects.create_user("priya", "priya@example.com", "pw", first_name="Priya")
    other = django_user_model.objects.create_user("other", "other@example.com", "pw")
    surgery.organisers.add(priya)
    surgery.save()
    book(surgery, "a@example.com")
    book(surgery, "b@example.com", role="help")
    mail.outbox = []
    morning = timezone.localtime().replace(hour=9, minute=0) + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=morning):
        assert "1 organiser digest(s)" in run("send_surgery_reminders")
        assert "0 organiser digest(s)" in run("send_surgery_reminders")
    [digest] = mail.outbox
    assert digest.to == ["priya@example.com"]
    assert digest.subject == "2 new bookings for your surgeries"
    assert "Hello Priya" in digest.body and "a@example.com" not in digest.body
    assert "Maureen" in digest.body and "Sam" in digest.body
    assert OrganiserDigest.objects.get().booking_count == 2
    assert other.pk not in OrganiserDigest.objects.values_list("user_id", flat=True)


def test_no_digest_before_eight_in_the_morning(run, book, surgery, django_user_model):
    priya = django_user_model.objects.create_user("priya", "priya@example.com", "pw")
    surgery.organisers.add(priya)
    surgery.save()
    book(surgery)
    mail.outbox = []
    early = timezone.localtime().replace(hour=6, minute=0) + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=early):
        run("send_surgery_reminders")
    assert mail.outbox == []


def test_personal_data_is_deleted_months_after_the_surgery_and_counts_remain(run, book, surgery, settings):
    settings.SURGERY_PERSONAL_DATA_MONTHS = 3
    book(surgery, "a@example.com")
    book(surgery, "b@example.com")
    book(surgery, "c@example.com")
    recent = SurgeryPage.objects.get(pk=surgery.pk)
    assert "0 booking(s)" in run("delete_surgery_personal_data", dry_run=True)
    # Move the surgery four months into the past.
    SurgeryPage.objects.filter(pk=recent.pk).update(
        starts_at=recent.starts_at - timedelta(days=125), ends_at=recent.ends_at - timedelta(days=125)
    )
    assert "3 booking(s)" in run("delete_surgery_personal_data", dry_run=True)
    assert "Cleared personal details from 3 booking(s)" in run("delete_surgery_personal_data")
    assert "from 0 booking(s)" in run("delete_surgery_personal_data")
    assert Booking.objects.count() == 3
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2
    for booking in Booking.objects.all():
        assert (booking.name, booking.email, booking.organisation_name) == ("", "", "")
        assert booking.topics == ["newsletter", "facebook"]
        assert booking.personal_data_deleted_at


def test_the_personal_data_task_does_the_same(book, surgery, settings):
    from surgeries.tasks import delete_expired_personal_data

    book(surgery)
    SurgeryPage.objects.filter(pk=surgery.pk).update(
        starts_at=surgery.starts_at - timedelta(days=400), ends_at=surgery.ends_at - timedelta(days=400)
    )
    assert delete_expired_personal_data.call() == 1
    assert Booking.objects.get().email == ""


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-08-31T10:00:00+00:00", 6, "2026-02-28T10:00:00+00:00"),
        ("2026-03-15T10:00:00+00:00", 6, "2025-09-15T10:00:00+00:00"),
        ("2026-01-01T00:00:00+00:00", 1, "2025-12-01T00:00:00+00:00"),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    from datetime import datetime

    assert months_before(datetime.fromisoformat(moment), months).isoformat() == expected


def test_the_next_days_digest_lists_only_bookings_made_since(run, book, surgery, django_user_model):
    priya = django_user_model.objects.create_user("priya", "priya@example.com", "pw")
    surgery.organisers.add(priya)
    surgery.save()
    book(surgery, "a@example.com")
    first_morning = timezone.localtime().replace(hour=9, minute=0) + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=first_morning):
        run("send_surgery_reminders")
    Booking.objects.create(
        surgery=surgery,
        role="attend",
        name="Newcomer",
        email="new@example.com",
        created_at=first_morning + timedelta(hours=3),
    )
    mail.outbox = []
    with mock.patch("django.utils.timezone.now", return_value=first_morning + timedelta(days=1)):
        run("send_surgery_reminders")
    [digest] = mail.outbox
    assert digest.subject == "1 new booking for your surgeries"
    assert "Newcomer" in digest.body and "Maureen" not in digest.body
