"""A page on another website cannot send room-hire enquiries in its visitors' names."""

from django.core import mail

import pytest

from home.models import RoomHireEnquiry

pytestmark = pytest.mark.django_db


def test_a_cross_site_enquiry_is_refused_and_nothing_is_stored_or_sent(client, centre, enquiry_data):
    url = f"/centres/{centre.pk}/hire-a-room/"
    response = client.post(url, enquiry_data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert b"This form was sent from another website" in response.content
    assert not RoomHireEnquiry.objects.exists()
    assert mail.outbox == []
    response = client.post(url, enquiry_data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert RoomHireEnquiry.objects.count() == 1
