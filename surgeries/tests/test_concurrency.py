"""Capacity under real concurrency: PostgreSQL row locks, one connection per thread."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

import pytest

from surgeries import bookings
from surgeries.models import Booking, BookingStatus

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_rows"),
]

THREADS = 24


def returning_bookers(emails):
    """These addresses confirmed a booking before, so their bookings are instant."""
    for email in set(emails):
        bookings.remember_confirmed_address(email)
    return emails


def book_at_once(surgery, emails):
    """Book every email from its own thread and connection, all starting together."""
    barrier = threading.Barrier(len(emails))

    def one(email):
        try:
            barrier.wait(timeout=30)
            result = bookings.book(
                surgery.pk,
                "attend",
                {
                    "name": "Resident",
                    "email": email,
                    "organisation_name": "",
                    "organisation_kind": "individual",
                    "topics": ["blog"],
                    "other_topic": "",
                },
            )
            return result.booking.pk, result.booking.status, result.waiting_list_position
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        return list(pool.map(one, emails))


@pytest.mark.parametrize(
    ("confirmed", "place_status"), [(True, BookingStatus.BOOKED), (False, BookingStatus.HELD)]
)
def test_concurrent_bookings_fill_exactly_the_capacity_and_queue_the_rest(
    make_surgery, confirmed, place_status
):
    surgery = make_surgery(attendee_capacity=5)
    emails = [f"person{n}@example.com" for n in range(THREADS)]
    results = book_at_once(surgery, returning_bookers(emails) if confirmed else emails)
    statuses = [status for _, status, _ in results]
    assert statuses.count(place_status) == 5
    assert statuses.count(BookingStatus.WAITLISTED) == THREADS - 5
    assert Booking.objects.filter(status=place_status).count() == 5
    # Everyone on the waiting list was told a different place in the queue.
    positions = sorted(position for _, status, position in results if status == BookingStatus.WAITLISTED)
    assert positions == list(range(1, THREADS - 5 + 1))


def test_the_same_email_booking_at_the_same_moment_gets_one_booking(make_surgery):
    surgery = make_surgery(attendee_capacity=5)
    results = book_at_once(surgery, ["same@example.com"] * 12)
    assert len({booking_id for booking_id, _, _ in results}) == 1
    assert Booking.objects.count() == 1


def test_cancellations_and_bookings_racing_never_overfill(make_surgery):
    surgery = make_surgery(attendee_capacity=3)
    book_at_once(surgery, returning_bookers([f"first{n}@example.com" for n in range(6)]))
    returning_bookers([f"late{n}@example.com" for n in range(6)])
    booked = list(Booking.objects.filter(status=BookingStatus.BOOKED).values_list("cancel_token", flat=True))
    barrier = threading.Barrier(len(booked) + 6)

    def cancel(token):
        try:
            barrier.wait(timeout=30)
            bookings.cancel(token)
        finally:
            connection.close()

    def book(email):
        try:
            barrier.wait(timeout=30)
            bookings.book(
                surgery.pk,
                "attend",
                {
                    "name": "Late",
                    "email": email,
                    "organisation_name": "",
                    "organisation_kind": "club",
                    "topics": ["blog"],
                    "other_topic": "",
                },
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(booked) + 6) as pool:
        futures = [pool.submit(cancel, token) for token in booked]
        futures += [pool.submit(book, f"late{n}@example.com") for n in range(6)]
        for future in futures:
            future.result()
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 3
    # The three who waited longest got the freed places, not the late-comers.
    promoted = set(Booking.objects.filter(status=BookingStatus.BOOKED).values_list("email", flat=True))
    assert promoted == {f"first{n}@example.com" for n in range(6)} - set(
        Booking.objects.filter(status=BookingStatus.CANCELLED).values_list("email", flat=True)
    )
