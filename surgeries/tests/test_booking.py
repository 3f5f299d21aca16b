"""Booking through the forms on the surgery page: capacity, waiting list, duplicates and bad input."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from icalendar import Calendar

from surgeries.models import Booking, BookingStatus, Role

pytestmark = pytest.mark.django_db


def test_booking_a_place_stores_it_and_emails_a_calendar_invitation(book, surgery):
    response = book(surgery)
    assert response.status_code == 200
    assert b"You are booked" in response.content
    assert "no-store" in response["Cache-Control"]
    booking = Booking.objects.get()
    assert (booking.role, booking.status, booking.email) == (
        Role.ATTEND,
        BookingStatus.BOOKED,
        "maureen@example.com",
    )
    assert booking.topics == ["newsletter", "facebook"]
    assert booking.organisation_kind == "neighbourhood_watch"
    [message] = mail.outbox
    assert message.to == ["maureen@example.com"]
    assert message.subject == f"Booked: {surgery.title}"
    assert "/surgeries/cancel/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == surgery.title
    assert event.decoded("DTSTART") == surgery.starts_at


def test_helpers_book_with_their_own_form_and_capacity(book, surgery):
    assert book(surgery, "sam@example.com", role="help").status_code == 200
    response = book(surgery, "jo@example.com", role="help")
    assert b"number 1" in response.content
    assert list(Booking.objects.values_list("role", "status")) == [
        (Role.HELP, BookingStatus.BOOKED),
        (Role.HELP, BookingStatus.WAITLISTED),
    ]


def test_a_full_surgery_puts_people_on_the_waiting_list_and_tells_them_their_place(book, surgery):
    book(surgery, "a@example.com")
    book(surgery, "b@example.com")
    third = book(surgery, "c@example.com")
    fourth = book(surgery, "d@example.com")
    assert b"You are on the waiting list" in third.content
    assert b"number 1" in third.content
    assert b"number 2" in fourth.content
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2
    assert mail.outbox[-1].subject.startswith("On the waiting list")
    assert "number 2" in mail.outbox[-1].body


def test_the_same_email_booking_twice_gets_one_booking_and_the_same_response(book, surgery):
    first = book(surgery, "maureen@example.com")
    second = book(surgery, "Maureen@Example.com")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_email_may_book_once_in_each_role(book, surgery):
    book(surgery, "sam@example.com", role="attend")
    book(surgery, "sam@example.com", role="help")
    assert Booking.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attend-email": "not-an-email"}, b"Enter an email address like name@example.com."),
        ({"attend-name": ""}, b"Enter your name"),
        ({"attend-topics": []}, b"Choose at least one thing"),
        ({"attend-topics": ["other"]}, b"Tell us what else"),
        ({"attend-organisation_kind": "spaceship"}, b"Select a valid choice"),
    ],
)
def test_bad_input_re_renders_the_form_with_a_clear_message_and_stores_nothing(
    client, surgery, attend_data, changes, message
):
    response = client.post(f"/surgeries/{surgery.pk}/book/attend/", {**attend_data(), **changes})
    assert response.status_code == 400
    assert message in response.content
    assert b"Please check the form" in response.content
    assert b'value="Maureen"' in response.content or changes.get("attend-name") == ""
    assert not Booking.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "cancelled"}, b"has been cancelled"),
        ({"status": "postponed"}, b"has been postponed"),
        ({"days": -1}, b"already started or taken place"),
        ({"bookings_close_at": timezone.now() - timedelta(hours=1)}, b"Booking for this surgery has closed"),
        ({"bookings_open_at": timezone.now() + timedelta(days=1)}, b"Booking for this surgery opens on"),
    ],
)
def test_booking_a_surgery_that_is_not_open_is_refused(book, make_surgery, fields, message):
    surgery = make_surgery(**fields)
    response = book(surgery)
    assert response.status_code == 409
    assert message in response.content
    assert not Booking.objects.exists()


def test_the_honeypot_stops_bots_and_stores_nothing(book, surgery):
    response = book(surgery, **{"attend-website": "http://spam.example"})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_too_many_bookings_from_one_address_are_refused(client, surgery, attend_data):
    for number in range(10):
        client.post(f"/surgeries/{surgery.pk}/book/attend/", attend_data(f"p{number}@example.com"))
    response = client.post(f"/surgeries/{surgery.pk}/book/attend/", attend_data("late@example.com"))
    assert response.status_code == 429
    assert b"Please wait an hour" in response.content
    assert not Booking.objects.filter(email="late@example.com").exists()


def test_unknown_surgery_role_or_method_is_a_client_error(client, surgery, attend_data):
    assert client.post("/surgeries/999999/book/attend/", attend_data()).status_code == 404
    assert client.post(f"/surgeries/{surgery.pk}/book/sleep/", attend_data()).status_code == 404
    assert client.get(f"/surgeries/{surgery.pk}/book/attend/").status_code == 405


def test_draft_surgeries_cannot_be_booked(book, surgery):
    surgery.unpublish()
    assert book(surgery).status_code == 404


def test_approval_surgeries_hold_the_place_until_an_organiser_decides(book, make_surgery):
    surgery = make_surgery(needs_approval=True, attendee_capacity=1)
    response = book(surgery)
    assert b"We have your booking" in response.content
    assert Booking.objects.get().status == BookingStatus.PENDING
    assert b"You are on the waiting list" in book(surgery, "second@example.com").content


def test_the_booking_post_needs_no_csrf_token_or_cookie(surgery, attend_data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/surgeries/{surgery.pk}/book/attend/", attend_data())
    assert response.status_code == 200
    assert not response.cookies
