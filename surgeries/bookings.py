"""Taking, cancelling and deciding bookings, with capacity enforced by the database.

Every change that can fill or free a place first locks the surgery's row
(``SELECT ... FOR UPDATE``), so two people booking the last place at the same
moment are served one after the other: one gets it, the other joins the waiting
list. Emails go out through tasks once the transaction has committed.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ACTIVE_STATUSES, Booking, BookingStatus, SurgeryPage


class BookingRefused(Exception):
    """The surgery cannot take this booking now; the message is for the person booking."""


class CancelRefused(Exception):
    """A cancel link that can no longer be used; the message says why."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.status = status


@dataclass
class BookingResult:
    booking: Booking
    created: bool

    @property
    def waiting_list_position(self):
        return self.booking.waiting_list_position()


def lock_surgery(surgery_id):
    """The surgery, its row locked until the transaction ends (no-op on SQLite, which locks the file)."""
    return SurgeryPage.objects.select_for_update(of=("self",)).select_related("venue").get(pk=surgery_id)


def _after_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def fill_free_places(surgery, role):
    """Offer free places to the waiting list, first come first served. Call with the surgery locked.

    Places free up when someone cancels or is declined, or when an editor raises
    the capacity. Each person offered a place is emailed.
    """
    from .tasks import send_place_offered

    free = (
        surgery.capacity_for(role)
        - Booking.objects.filter(surgery=surgery, role=role).holding_places().count()
    )
    if free <= 0:
        return []
    promoted = list(Booking.objects.filter(surgery=surgery, role=role).waiting()[:free])
    new_status = BookingStatus.PENDING if surgery.needs_approval else BookingStatus.BOOKED
    for booking in promoted:
        booking.set_status(new_status)
        booking.save(update_fields=["status", "status_changed_at"])
        _after_commit(send_place_offered, booking.pk)
    return promoted


def book(surgery_id, role, details):
    """Book a place (or a waiting-list place) for ``details["email"]``; the same email twice gets one.

    ``details`` holds the cleaned form fields. Raises BookingRefused when the
    surgery is not open for booking.
    """
    from .tasks import send_booking_confirmation

    email = details["email"].strip().lower()
    with transaction.atomic():
        surgery = lock_surgery(surgery_id)
        reason = surgery.booking_closed_reason()
        if reason:
            raise BookingRefused(reason)
        existing = Booking.objects.filter(
            surgery=surgery, role=role, email=email, status__in=ACTIVE_STATUSES
        ).first()
        if existing:
            return BookingResult(existing, created=False)
        fill_free_places(surgery, role)
        taken = Booking.objects.filter(surgery=surgery, role=role).holding_places().count()
        if taken < surgery.capacity_for(role):
            status = BookingStatus.PENDING if surgery.needs_approval else BookingStatus.BOOKED
        else:
            status = BookingStatus.WAITLISTED
        booking = Booking(
            surgery=surgery,
            role=role,
            status=status,
            notified_sequence=surgery.calendar_sequence,
            **{**details, "email": email},
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            # Only reachable without row locks (SQLite); the constraint still keeps one booking.
            return BookingResult(
                Booking.objects.get(surgery=surgery, role=role, email=email, status__in=ACTIVE_STATUSES),
                created=False,
            )
        _after_commit(send_booking_confirmation, booking.pk)
    return BookingResult(booking, created=True)


def cancel(cancel_token):
    """Cancel the booking with this token and offer its place to the waiting list."""
    surgery_id = (
        Booking.objects.filter(cancel_token=cancel_token).values_list("surgery_id", flat=True).first()
    )
    if surgery_id is None:
        raise CancelRefused("We could not find that booking. It may have been removed.", status=404)
    with transaction.atomic():
        surgery = lock_surgery(surgery_id)
        booking = Booking.objects.select_for_update().get(cancel_token=cancel_token)
        if booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
            raise CancelRefused("This booking has already been cancelled. There is nothing more to do.")
        if (
            booking.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
            or surgery.starts_at <= timezone.now()
        ):
            raise CancelRefused(
                "This surgery has already started, so the booking can no longer be cancelled."
            )
        booking.set_status(BookingStatus.CANCELLED)
        booking.save(update_fields=["status", "status_changed_at"])
        fill_free_places(surgery, booking.role)
    return booking


def decide(booking_id, approve, message=""):
    """An organiser approves or declines a booking; the booker is emailed the message."""
    from .tasks import send_booking_decision

    with transaction.atomic():
        surgery_id = Booking.objects.values_list("surgery_id", flat=True).get(pk=booking_id)
        surgery = lock_surgery(surgery_id)
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if approve:
            # Approving someone on the waiting list gives them a place even when it is full.
            booking.set_status(BookingStatus.BOOKED, message)
        else:
            booking.set_status(BookingStatus.DECLINED, message)
        booking.save(update_fields=["status", "status_changed_at", "decision_message"])
        if not approve:
            fill_free_places(surgery, booking.role)
        _after_commit(send_booking_decision, booking.pk)
    return booking


def check_in(booking_id, status):
    """Mark someone as having come (or not) on the day."""
    booking = Booking.objects.get(pk=booking_id)
    booking.set_status(status)
    booking.save(update_fields=["status", "status_changed_at"])
    return booking


def add_walk_in(surgery, role, name, email="", organisation_name=""):
    """Someone who turned up without booking: counted as attended, whatever the capacity.

    If they had booked after all (same email and role), that booking is marked as attended instead.
    """
    email = email.strip().lower()
    existing = (
        email
        and Booking.objects.filter(
            surgery=surgery, role=role, email=email, status__in=ACTIVE_STATUSES
        ).first()
    )
    if existing:
        return check_in(existing.pk, BookingStatus.ATTENDED)
    return Booking.objects.create(
        surgery=surgery,
        role=role,
        name=name,
        email=email,
        organisation_name=organisation_name,
        status=BookingStatus.ATTENDED,
        is_walk_in=True,
        notified_sequence=surgery.calendar_sequence,
    )
