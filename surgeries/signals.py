"""What happens when a surgery is published: calendars learn of changes, bookers are told.

The details last published are kept on the page (``published_details``); when a
publish changes any of them, the calendar SEQUENCE goes up. A change of status,
time or place is emailed to everyone expected, and a raised capacity offers the
new places to the waiting list.
"""

from django.db import transaction

from wagtail.signals import page_published

from .models import Role, SurgeryPage

# Changes worth an email to the people who booked (a new title is not).
NOTIFIED_CHANGES = {"status": "status", "starts_at": "time", "ends_at": "time", "location": "place"}


def changes_between(previous, current):
    """Which of 'status', 'time', 'place' differ, in that order."""
    changed = {NOTIFIED_CHANGES[key] for key in NOTIFIED_CHANGES if previous.get(key) != current.get(key)}
    return [change for change in ("status", "time", "place") if change in changed]


def surgery_published(sender, instance, **kwargs):
    from .bookings import fill_free_places, lock_surgery
    from .tasks import send_surgery_changed

    current = instance.calendar_details()
    previous = instance.published_details or {}
    if previous != current:
        sequence = instance.calendar_sequence + (1 if previous else 0)
        SurgeryPage.objects.filter(pk=instance.pk).update(
            calendar_sequence=sequence, published_details=current
        )
        instance.calendar_sequence, instance.published_details = sequence, current
        changes = changes_between(previous, current) if previous else []
        if changes:
            transaction.on_commit(lambda: send_surgery_changed.enqueue(instance.pk, changes))
    if instance.booking_closed_reason() is None:
        with transaction.atomic():
            surgery = lock_surgery(instance.pk)
            for role in (Role.ATTEND, Role.HELP):
                fill_free_places(surgery, role)


def connect():
    from django.db.models.signals import post_delete, post_save

    from cms.front_cache import shown_on_every_page_changed

    from .front_cache import booking_changed
    from .models import Booking, SurgeryTopic

    page_published.connect(surgery_published, sender=SurgeryPage, dispatch_uid="surgeries.surgery_published")
    # The surgery page shows the places left: a front cache forgets it when a booking changes.
    post_save.connect(booking_changed, sender=Booking, dispatch_uid="surgeries.booking_saved")
    post_delete.connect(booking_changed, sender=Booking, dispatch_uid="surgeries.booking_deleted")
    # Every booking form lists the topics (drawn once per cache generation: booking_form.html).
    for signal in (post_save, post_delete):
        signal.connect(
            shown_on_every_page_changed, sender=SurgeryTopic, dispatch_uid=f"surgeries.topic-{id(signal)}"
        )
