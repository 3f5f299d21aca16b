"""Taking, cancelling and deciding bookings, with capacity enforced by the database.

Every change that can fill or free a place first locks the surgery's row
(``SELECT ... FOR UPDATE``), so two people booking the last place at the same
moment are served one after the other: one gets it, the other joins the waiting
list. Emails go out through tasks once the transaction has committed.

Seats held until the address is confirmed: a script (or anyone) can type made-up
addresses into the form, so the first booking from an address that has never
confirmed one only *holds* a seat. The confirmation email has a link; clicking it
books the seat and remembers the address, so its later bookings are instant. A
hold that runs out is released to the waiting list (``release_expired_holds``, run
by the scheduler and before every booking), so fake bookings cannot keep a surgery
full for longer than the hold.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy

from cms.locales import language_code_for

from .models import ACTIVE_STATUSES, Booking, BookingStatus, ConfirmedBookerAddress, SurgeryPage

# However close the surgery, a hold lasts this long (or until the start, if sooner),
# so someone booking on the morning has time to open their email.
SHORTEST_HOLD = timedelta(minutes=10)


RELEASED_MESSAGE = gettext_lazy(
    "This place was given to the next person because the email address was not confirmed in time. "
    "There is nothing to cancel. You can book again on the surgery page."
)


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


def address_digest(email):
    """A keyed hash of an address: recognises it again without keeping the address itself."""
    return salted_hmac("surgeries.confirmed-address", email.strip().lower(), algorithm="sha256").hexdigest()


def address_confirmed(email):
    return (
        bool(email) and ConfirmedBookerAddress.objects.filter(address_digest=address_digest(email)).exists()
    )


def remember_confirmed_address(email):
    ConfirmedBookerAddress.objects.get_or_create(address_digest=address_digest(email))


def hold_duration(surgery, now):
    """How long an unconfirmed booker has to click the link in their email.

    ``BOOKING_HOLD_MINUTES`` (default 120), but never more than a quarter of the time
    left before the surgery starts, so a seat taken by a made-up address close to the
    day goes back to real people in time; and at least 10 minutes (or until the
    start), so a real person has time to open their email.
    """
    longest = timedelta(minutes=settings.BOOKING_HOLD_MINUTES)
    time_left = max(surgery.starts_at - now, timedelta(0))
    return max(min(longest, time_left / 4), min(SHORTEST_HOLD, time_left))


def place_status(surgery, email, now):
    """The status (and hold end) for someone getting a place now."""
    if not address_confirmed(email):
        return BookingStatus.HELD, now + hold_duration(surgery, now)
    return (BookingStatus.PENDING if surgery.needs_approval else BookingStatus.BOOKED), None


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
    now = timezone.now()
    for booking in promoted:
        status, booking.hold_expires_at = place_status(surgery, booking.email, now)
        booking.set_status(status)
        booking.save(update_fields=["status", "status_changed_at", "hold_expires_at"])
        _after_commit(send_place_offered, booking.pk)
    return promoted


def release_holds_locked(surgery, now=None):
    """Release this surgery's holds that have run out, to the waiting list. Call with the surgery locked."""
    now = now or timezone.now()
    expired = list(
        Booking.objects.filter(surgery=surgery, status=BookingStatus.HELD, hold_expires_at__lte=now)
    )
    for booking in expired:
        booking.set_status(BookingStatus.RELEASED)
        booking.save(update_fields=["status", "status_changed_at"])
    for role in sorted({booking.role for booking in expired}):
        fill_free_places(surgery, role)
    return len(expired)


def release_expired_holds(now=None):
    """Every surgery's run-out holds, one surgery (and one row lock) at a time; returns how many."""
    now = now or timezone.now()
    surgery_ids = (
        Booking.objects.filter(status=BookingStatus.HELD, hold_expires_at__lte=now)
        .values_list("surgery_id", flat=True)
        .distinct()
    )
    released = 0
    for surgery_id in list(surgery_ids):
        with transaction.atomic():
            released += release_holds_locked(lock_surgery(surgery_id), now)
    return released


def confirm_place(booking_id):
    """The booker clicked the link in their email: the address is real.

    A held seat becomes booked (or waits for an organiser, where they approve). The
    address is remembered, so later bookings from it are instant; that holds even
    when this hold had already run out and the seat went to someone else.
    """
    with transaction.atomic():
        surgery_id = Booking.objects.values_list("surgery_id", flat=True).get(pk=booking_id)
        surgery = lock_surgery(surgery_id)
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if booking.email:
            remember_confirmed_address(booking.email)
        fields = ["email_confirmed_at"]
        booking.email_confirmed_at = booking.email_confirmed_at or timezone.now()
        # A hold the scheduler has not released yet is still this person's seat.
        if booking.status == BookingStatus.HELD:
            booking.set_status(BookingStatus.PENDING if surgery.needs_approval else BookingStatus.BOOKED)
            booking.hold_expires_at = None
            fields += ["status", "status_changed_at", "hold_expires_at"]
        booking.save(update_fields=fields)
    return booking


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
        now = timezone.now()
        release_holds_locked(surgery, now)
        fill_free_places(surgery, role)
        taken = Booking.objects.filter(surgery=surgery, role=role).holding_places().count()
        hold_expires_at = None
        if taken < surgery.capacity_for(role):
            status, hold_expires_at = place_status(surgery, email, now)
        else:
            status = BookingStatus.WAITLISTED
        booking = Booking(
            surgery=surgery,
            role=role,
            status=status,
            hold_expires_at=hold_expires_at,
            notified_sequence=surgery.calendar_sequence,
            # The language the form was read in (``details["language"]``), else the surgery page's.
            **{"language": language_code_for(surgery.locale_id), **details, "email": email},
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


def cancel_refusal(booking, surgery=None, now=None):
    """Why this booking can no longer be cancelled, as a CancelRefused; None while it can be.

    The one rule for the "are you sure?" page and for the cancel itself (which asks again
    under the surgery's lock, so a booking that changed in between is still refused).
    """
    surgery = surgery or booking.surgery
    now = now or timezone.now()
    if booking.status == BookingStatus.RELEASED:
        return CancelRefused(RELEASED_MESSAGE)
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
        return CancelRefused(gettext("This booking has already been cancelled. There is nothing more to do."))
    if booking.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW) or surgery.starts_at <= now:
        return CancelRefused(
            gettext("This surgery has already started, so the booking can no longer be cancelled.")
        )
    return None


def cancel(cancel_token):
    """Cancel the booking with this token and offer its place to the waiting list."""
    surgery_id = (
        Booking.objects.filter(cancel_token=cancel_token).values_list("surgery_id", flat=True).first()
    )
    if surgery_id is None:
        raise CancelRefused(gettext("We could not find that booking. It may have been removed."), status=404)
    with transaction.atomic():
        surgery = lock_surgery(surgery_id)
        booking = Booking.objects.select_for_update().get(cancel_token=cancel_token)
        refused = cancel_refusal(booking, surgery)
        if refused is not None:
            raise refused
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
