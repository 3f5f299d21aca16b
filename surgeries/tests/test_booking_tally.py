"""The impact report adds up per-surgery booking counts the database keeps (BookingTally): they must
match the bookings after every way a booking can change, including under concurrent bookings."""

from datetime import timedelta

from django.db.models import Count

import pytest

from surgeries import bookings
from surgeries.models import Booking, BookingStatus, BookingTally, Role
from surgeries.queries import booking_months

from .test_concurrency import book_at_once, returning_bookers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def counted(**filters):
    """{(surgery, role, status, walk-in): bookings}, read from the bookings themselves."""
    rows = Booking.objects.filter(**filters).values("surgery_id", "role", "status", "is_walk_in")
    return {
        (row["surgery_id"], row["role"], row["status"], row["is_walk_in"]): row["n"]
        for row in rows.annotate(n=Count("pk")).order_by()
    }


def tallied(**filters):
    return {
        (row.surgery_id, row.role, row.status, row.is_walk_in): row.bookings
        for row in BookingTally.objects.filter(**filters)
        if row.bookings
    }


def details(email):
    return {
        "name": "Resident",
        "email": email,
        "organisation_name": "",
        "organisation_kind": "individual",
        "topics": ["blog"],
        "other_topic": "",
    }


def test_the_tally_follows_bookings_through_every_change(make_surgery, django_capture_on_commit_callbacks):
    surgery = make_surgery(attendee_capacity=2, helper_capacity=1)
    other = make_surgery(days=14)
    returning_bookers(["a@example.com", "b@example.com", "c@example.com", "sam@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        first = bookings.book(surgery.pk, Role.ATTEND, details("a@example.com")).booking
        bookings.book(surgery.pk, Role.ATTEND, details("b@example.com"))
        waiting = bookings.book(surgery.pk, Role.ATTEND, details("c@example.com")).booking
        bookings.book(surgery.pk, Role.HELP, details("sam@example.com"))
        held = bookings.book(surgery.pk, Role.ATTEND, details("new@example.com")).booking  # waiting too
    assert waiting.status == BookingStatus.WAITLISTED and held.status == BookingStatus.WAITLISTED
    assert (
        tallied()
        == counted()
        == {
            (surgery.pk, Role.ATTEND, BookingStatus.BOOKED, False): 2,
            (surgery.pk, Role.ATTEND, BookingStatus.WAITLISTED, False): 2,
            (surgery.pk, Role.HELP, BookingStatus.BOOKED, False): 1,
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        bookings.cancel(first.cancel_token)  # the first on the waiting list gets the place
    bookings.check_in(waiting.pk, BookingStatus.ATTENDED)
    bookings.add_walk_in(surgery, Role.ATTEND, "Walked in")
    bookings.add_walk_in(other, Role.HELP, "Helper on the day")
    Booking.objects.bulk_create(
        Booking(surgery=other, role=Role.ATTEND, status=BookingStatus.NO_SHOW, email=f"{n}@example.com")
        for n in range(5)
    )
    Booking.objects.filter(surgery=other, status=BookingStatus.NO_SHOW)[:1].get().delete()
    Booking.objects.filter(surgery=other, status=BookingStatus.NO_SHOW).update(status=BookingStatus.ATTENDED)
    Booking.objects.filter(surgery=surgery).update(name="")  # personal details wiped: no count changes
    assert tallied() == counted()
    assert tallied(surgery=other) == {
        (other.pk, Role.HELP, BookingStatus.ATTENDED, True): 1,
        (other.pk, Role.ATTEND, BookingStatus.ATTENDED, False): 4,
    }

    # A surgery deleted with its bookings leaves no counts behind.
    other.delete()
    assert not BookingTally.objects.filter(surgery_id=other.pk).exists()
    assert tallied() == counted()


def test_the_report_adds_up_the_same_figures_as_counting_every_booking(make_surgery):
    surgery = make_surgery(days=-7, hours=3)
    for status, walk_in, role, n in [
        (BookingStatus.ATTENDED, False, Role.ATTEND, 3),
        (BookingStatus.ATTENDED, True, Role.ATTEND, 2),
        (BookingStatus.NO_SHOW, False, Role.ATTEND, 1),
        (BookingStatus.CANCELLED, False, Role.ATTEND, 4),
        (BookingStatus.BOOKED, False, Role.ATTEND, 1),
        (BookingStatus.ATTENDED, False, Role.HELP, 2),
        (BookingStatus.CANCELLED, False, Role.HELP, 1),
    ]:
        Booking.objects.bulk_create(
            Booking(surgery=surgery, role=role, status=status, is_walk_in=walk_in) for _ in range(n)
        )
    (month,) = booking_months().values()
    assert month == {
        "booked": 5,  # booked ahead and kept a place: 3 came, 1 did not, 1 never marked
        "attended": 5,
        "walk_ins": 2,
        "no_shows": 1,
        "helpers": 2,
        "helper_time": timedelta(hours=6),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("wagtail_rows")
def test_concurrent_bookings_are_all_counted(make_surgery):
    surgery = make_surgery(attendee_capacity=5)
    book_at_once(surgery, returning_bookers([f"person{n}@example.com" for n in range(16)]))
    assert (
        tallied()
        == counted()
        == {
            (surgery.pk, Role.ATTEND, BookingStatus.BOOKED, False): 5,
            (surgery.pk, Role.ATTEND, BookingStatus.WAITLISTED, False): 11,
        }
    )
