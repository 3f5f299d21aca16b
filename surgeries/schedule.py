"""What the scheduler asks for every few minutes: reminders due and the organisers' daily digests.

Both only queue tasks for work nobody has claimed yet, so running this every
minute (or twice at once) sends nobody a second email.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Booking, BookingStatus, OrganiserDigest, SurgeryPage

REMINDER_LEAD = timedelta(hours=24)
DIGEST_HOUR = 8  # UK time: the digest goes out in the morning


def due_reminders(now):
    """Booked people whose surgery starts within a day and who booked before that day began.

    Someone who books the evening before has just had a confirmation; they get no reminder too.
    """
    return Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_queued_at=None,
        surgery__status="scheduled",
        surgery__starts_at__gt=now,
        surgery__starts_at__lte=now + REMINDER_LEAD,
        surgery__live=True,
    ).exclude(email="")


def queue_reminders(now=None):
    """Claim each due reminder and queue its email; returns how many were queued."""
    from .tasks import send_reminder

    now = now or timezone.now()
    queued = 0
    for booking_id, created_at, starts_at in due_reminders(now).values_list(
        "pk", "created_at", "surgery__starts_at"
    ):
        claimed = Booking.objects.filter(pk=booking_id, reminder_queued_at=None).update(
            reminder_queued_at=now
        )
        if not claimed:
            continue
        if created_at > starts_at - REMINDER_LEAD:
            continue  # booked within the last day: the confirmation was the reminder
        transaction.on_commit(lambda booking_id=booking_id: send_reminder.enqueue(booking_id))
        queued += 1
    return queued


def organisers_of_coming_surgeries(now):
    """Ids of the organisers of live surgeries that have not ended."""
    return set(
        SurgeryPage.objects.live()
        .filter(ends_at__gte=now, organisers__isnull=False)
        .values_list("organisers", flat=True)
    )


def queue_digests(now=None):
    """Once a day, after DIGEST_HOUR, one digest per organiser; returns how many were queued.

    The task sends nothing when there were no new bookings since the organiser's last digest.
    """
    from .tasks import send_organiser_digest

    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    queued = 0
    for user_id in sorted(organisers_of_coming_surgeries(now)):
        digest, created = OrganiserDigest.objects.get_or_create(
            user_id=user_id, day=local.date(), defaults={"created_at": now}
        )
        if created:
            transaction.on_commit(lambda digest_id=digest.pk: send_organiser_digest.enqueue(digest_id))
            queued += 1
    return queued
