"""One-click cancel links: confirm, cancel, promote the waiting list; bad and used links."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from surgeries.models import Booking, BookingStatus, SurgeryPage
from surgeries.tokens import cancel_link_token

pytestmark = pytest.mark.django_db


def cancel_path(booking):
    return f"/surgeries/cancel/{cancel_link_token(booking)}/"


def test_the_confirmation_email_link_asks_before_cancelling(client, book, surgery):
    book(surgery)
    path = re.search(r"http://testserver(/surgeries/cancel/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(path)
    assert response.status_code == 200
    assert b"Cancel your booking?" in response.content
    assert b'<meta name="robots" content="noindex">' in response.content
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies
    assert Booking.objects.get().status == BookingStatus.BOOKED


def test_cancelling_frees_the_place_for_the_first_on_the_waiting_list(client, book, surgery, committed):
    first = book(surgery, "a@example.com") and Booking.objects.get(email="a@example.com")
    book(surgery, "b@example.com")
    book(surgery, "c@example.com")
    book(surgery, "d@example.com")
    mail.outbox = []
    with committed():
        response = client.post(cancel_path(first))
    assert response.status_code == 200
    assert b"Your booking is cancelled" in response.content
    statuses = dict(Booking.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.com": BookingStatus.CANCELLED,
        "b@example.com": BookingStatus.BOOKED,
        "c@example.com": BookingStatus.BOOKED,
        "d@example.com": BookingStatus.WAITLISTED,
    }
    [offer] = mail.outbox
    assert offer.to == ["c@example.com"]
    assert offer.subject.startswith("A place has come up")
    assert Booking.objects.get(email="d@example.com").waiting_list_position() == 1


def test_a_used_cancel_link_says_so_with_a_4xx(client, book, surgery):
    book(surgery)
    booking = Booking.objects.get()
    client.post(cancel_path(booking))
    for method in (client.get, client.post):
        response = method(cancel_path(booking))
        assert response.status_code == 410
        assert b"already been cancelled" in response.content


@pytest.mark.parametrize("token", ["nonsense", "abc:def", "x" * 40])
def test_a_made_up_or_broken_cancel_link_is_refused(client, book, surgery, token):
    book(surgery)
    for method in (client.get, client.post):
        response = method(f"/surgeries/cancel/{token}/")
        assert response.status_code == 400
        assert b"not complete or not valid" in response.content
    assert Booking.objects.get().status == BookingStatus.BOOKED


def test_a_truncated_cancel_link_is_refused(client, book, surgery):
    book(surgery)
    token = cancel_link_token(Booking.objects.get())
    assert client.post(f"/surgeries/cancel/{token[:-3]}/").status_code == 400
    assert Booking.objects.get().status == BookingStatus.BOOKED


def test_a_booking_cannot_be_cancelled_once_the_surgery_has_started(client, book, surgery):
    book(surgery)
    SurgeryPage.objects.filter(pk=surgery.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    booking = Booking.objects.get()
    for method in (client.get, client.post):
        response = method(cancel_path(booking))
        assert response.status_code == 410
        assert b"already started" in response.content
    assert Booking.objects.get().status == BookingStatus.BOOKED


def test_a_released_places_link_says_why_before_asking_are_you_sure(client, book, surgery):
    book(surgery)
    booking = Booking.objects.get()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.RELEASED)
    for method in (client.get, client.post):
        response = method(cancel_path(booking))
        assert response.status_code == 410
        assert b"given to the next person" in response.content
        assert b"Cancel your booking?" not in response.content
    assert Booking.objects.get().status == BookingStatus.RELEASED


def test_cancelling_from_the_waiting_list_moves_the_others_up(client, book, surgery):
    for letter in "abcde":
        book(surgery, f"{letter}@example.com")
    client.post(cancel_path(Booking.objects.get(email="c@example.com")))
    assert Booking.objects.get(email="e@example.com").waiting_list_position() == 2
    assert Booking.objects.get(email="d@example.com").waiting_list_position() == 1
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2


def test_after_cancelling_the_same_email_can_book_again(client, book, surgery):
    book(surgery)
    client.post(cancel_path(Booking.objects.get()))
    assert book(surgery).status_code == 200
    assert Booking.objects.filter(email="maureen@example.com").count() == 2
