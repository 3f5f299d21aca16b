"""A page on another website cannot book, cancel or confirm through its visitors' browsers."""

import re

from django.core import mail

import pytest

from surgeries.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db

HOSTILE = {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"}
OURS = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.mark.parametrize("role", ["attend", "help"])
def test_both_booking_forms_refuse_a_post_from_another_site(client, surgery, attend_data, help_data, role):
    data = attend_data("victim@example.com") if role == "attend" else help_data("victim@example.com")
    url = f"/surgeries/{surgery.pk}/book/{role}/"
    response = client.post(url, data, **HOSTILE)
    assert response.status_code == 403
    assert b"This form was sent from another website" in response.content
    assert not response.cookies
    assert not Booking.objects.exists()
    assert mail.outbox == []
    assert client.post(url, data, **OURS).status_code == 200
    assert Booking.objects.count() == 1


def test_cancel_and_confirm_links_refuse_a_post_from_another_site(client, book, surgery):
    book(surgery, "victim@example.com", confirmed=False)
    body = mail.outbox[-1].body
    cancel = re.search(r"(/surgeries/cancel/\S+/)", body).group(1)
    confirm = re.search(r"(/surgeries/confirm/\S+/)", body).group(1)
    assert client.post(confirm, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.post(cancel, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert Booking.objects.get().status == BookingStatus.HELD
    assert client.post(confirm, **OURS).status_code == 200
    assert client.post(cancel, **OURS).status_code == 200
    assert Booking.objects.get().status == BookingStatus.CANCELLED
