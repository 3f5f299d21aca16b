"""Seats taken by an address that has never confirmed are held until the link in the email is clicked."""

import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from home.management.commands.run_scheduler import SCHEDULE
from surgeries import bookings
from surgeries.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db


def confirm_link(message):
    return re.search(r"http://[^/\s]+(/surgeries/confirm/\S+/)", message.body).group(1)


def run_out(booking):
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))


def test_a_first_time_booker_gets_a_held_seat_and_is_told_plainly_to_click_the_link(book, surgery):
    response = book(surgery, "new@example.com", confirmed=False)
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.HELD
    assert timedelta(minutes=119) < booking.hold_expires_at - timezone.now() <= timedelta(hours=2)
    html = response.content.decode()
    assert "Check your email to keep your place" in html
    assert "Your place is held for 2 hours" in html and "or the place goes to the next person" in html
    [message] = mail.outbox
    assert message.subject == f"Confirm your place: {surgery.title}"
    assert "We are holding it for you for 2 hours" in message.body
    assert "/surgeries/confirm/" in message.body
    # The held seat counts against the capacity, like a booked one.
    book(surgery, "second@example.com")
    assert book(surgery, "third@example.com").status_code == 200
    assert Booking.objects.get(email="third@example.com").status == BookingStatus.WAITLISTED


def test_clicking_the_link_books_the_seat_and_later_bookings_are_instant(client, book, surgery, make_surgery):
    book(surgery, "new@example.com", confirmed=False)
    link = confirm_link(mail.outbox[-1])
    page = client.get(link)  # a mail scanner following the link changes nothing
    assert b"Confirm my place" in page.content
    assert Booking.objects.get().status == BookingStatus.HELD
    response = client.post(link)
    assert response.status_code == 200
    assert b"Your place is booked" in response.content
    booking = Booking.objects.get()
    assert (booking.status, booking.hold_expires_at) == (BookingStatus.BOOKED, None)
    assert booking.email_confirmed_at is not None
    assert not response.cookies

    other = make_surgery(title="Next month")
    mail.outbox = []
    response = book(other, "New@Example.com", confirmed=False)
    assert b"You are booked" in response.content
    assert other.bookings.get().status == BookingStatus.BOOKED
    assert "/surgeries/confirm/" not in mail.outbox[-1].body


def test_a_hold_that_runs_out_goes_to_the_next_person_on_the_waiting_list(book, surgery, committed):
    book(surgery, "made-up@example.com", confirmed=False)
    book(surgery, "real@example.com")
    book(surgery, "waiting@example.com")
    assert Booking.objects.get(email="waiting@example.com").status == BookingStatus.WAITLISTED
    held = Booking.objects.get(email="made-up@example.com")
    call_command("release_unconfirmed_seats", verbosity=0)
    assert Booking.objects.get(pk=held.pk).status == BookingStatus.HELD  # not yet
    run_out(held)
    mail.outbox = []
    with committed():
        call_command("release_unconfirmed_seats", verbosity=0)
    assert Booking.objects.get(pk=held.pk).status == BookingStatus.RELEASED
    assert Booking.objects.get(email="waiting@example.com").status == BookingStatus.BOOKED
    assert [m.to for m in mail.outbox] == [["waiting@example.com"]]
    assert "release_unconfirmed_seats" in [name for name, _ in SCHEDULE]


def test_a_first_timer_offered_a_place_from_the_waiting_list_must_confirm_it_too(book, surgery, committed):
    book(surgery, "a@example.com")
    book(surgery, "b@example.com")
    book(surgery, "first-timer@example.com", confirmed=False)
    mail.outbox = []
    with committed():
        bookings.cancel(Booking.objects.get(email="a@example.com").cancel_token)
    promoted = Booking.objects.get(email="first-timer@example.com")
    assert promoted.status == BookingStatus.HELD and promoted.hold_expires_at
    assert "/surgeries/confirm/" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Confirm your place")


def test_a_run_out_hold_is_released_by_the_next_booking_even_before_the_scheduler_runs(book, surgery):
    book(surgery, "made-up-1@example.com", confirmed=False)
    book(surgery, "made-up-2@example.com", confirmed=False)
    for booking in Booking.objects.all():
        run_out(booking)
    book(surgery, "real@example.com")
    assert Booking.objects.get(email="real@example.com").status == BookingStatus.BOOKED
    assert Booking.objects.filter(status=BookingStatus.RELEASED).count() == 2


def test_confirming_after_the_seat_was_released_says_so_and_makes_the_next_booking_instant(
    client, book, surgery
):
    book(surgery, "slow@example.com", confirmed=False)
    link = confirm_link(mail.outbox[-1])
    run_out(Booking.objects.get())
    call_command("release_unconfirmed_seats", verbosity=0)
    response = client.post(link)
    assert b"the place went to the next person" in response.content
    assert Booking.objects.get().status == BookingStatus.RELEASED
    book(surgery, "slow@example.com", confirmed=False)
    assert Booking.objects.filter(email="slow@example.com", status=BookingStatus.BOOKED).exists()


def test_a_forged_confirm_link_is_a_clear_400(client):
    response = client.post("/surgeries/confirm/12:forged/")
    assert response.status_code == 400
    assert b"copy the whole link" in response.content


@pytest.mark.parametrize(
    ("starts_in", "hold"),
    [
        (timedelta(days=7), timedelta(hours=2)),
        (timedelta(hours=8), timedelta(hours=2)),
        (timedelta(hours=2), timedelta(minutes=30)),  # a quarter of the time left
        (timedelta(minutes=20), timedelta(minutes=10)),  # never less than 10 minutes...
        (timedelta(minutes=4), timedelta(minutes=4)),  # ...unless the surgery starts sooner
    ],
)
def test_the_hold_is_shorter_close_to_the_day(make_surgery, starts_in, hold):
    surgery = make_surgery()
    now = timezone.now()
    surgery.starts_at = now + starts_in
    assert bookings.hold_duration(surgery, now) == hold


def test_the_hold_time_is_a_setting(settings, make_surgery):
    settings.BOOKING_HOLD_MINUTES = 45
    surgery = make_surgery()
    assert bookings.hold_duration(surgery, timezone.now()) == timedelta(minutes=45)


def test_organisers_see_held_seats_apart(client, admin_user, book, surgery):
    book(surgery, "real@example.com")
    book(surgery, "made-up@example.com", confirmed=False, **{"attend-name": "Maybe Real"})
    client.force_login(admin_user)
    index = client.get("/admin/surgeries/").content.decode()
    assert "Held, email not confirmed" in index
    html = client.get(f"/admin/surgeries/{surgery.pk}/bookings/").content.decode()
    held_section = html.split("<h2>Held seats</h2>", 1)[1].split("<h2>Who booked</h2>", 1)[0]
    assert "Maybe Real" in held_section and "real@example.com</" not in held_section
    assert Booking.objects.get(email="made-up@example.com").hold_deadline_text() in held_section


def test_a_link_opened_after_the_place_went_says_so_before_the_button(client, book, surgery):
    book(surgery, "late@example.com", confirmed=False)
    link = confirm_link(mail.outbox[-1])
    booking = Booking.objects.get()
    run_out(booking)
    bookings.release_expired_holds()
    page = client.get(link).content.decode()
    assert "this place went to the next person" in page
    assert "Confirm my email address" in page and "Confirm my place" not in page


def test_a_run_out_hold_no_longer_counts_as_taken_on_the_surgery_page(client, book, surgery):
    """Before the scheduler releases it, a hold past its time already shows as a free place."""
    book(surgery, "made-up@example.com", confirmed=False)
    book(surgery, "real@example.com")
    assert "you can join the waiting list" in client.get(surgery.url).content.decode()

    run_out(Booking.objects.get(email="made-up@example.com"))
    html = client.get(surgery.url).content.decode()
    assert "you can join the waiting list" not in html
    assert ">Book my place</button>" in html
    assert Booking.objects.get(email="made-up@example.com").status == BookingStatus.HELD  # not released yet
