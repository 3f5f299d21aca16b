"""The demo town's surgeries: past and upcoming in several places, one full with a waiting list."""

from django.utils import timezone

import pytest

from surgeries.models import Booking, BookingStatus, SurgeryPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_surgeries_with_bookings_and_a_waiting_list(demo_site, client):
    surgeries = SurgeryPage.objects.live()
    now = timezone.now()
    assert surgeries.filter(ends_at__lt=now).count() >= 2
    assert surgeries.filter(starts_at__gt=now).count() >= 4
    assert len({surgery.get_parent().pk for surgery in surgeries}) >= 4
    assert surgeries.filter(status="cancelled").exists()
    full = surgeries.get(title="Kingstanding spring surgery")
    assert full.bookings.filter(role="attend", status=BookingStatus.BOOKED).count() == full.attendee_capacity
    assert full.bookings.filter(status=BookingStatus.WAITLISTED).count() == 3
    assert Booking.objects.filter(status=BookingStatus.ATTENDED).exists()
    assert all(surgery.organisers.exists() for surgery in surgeries)
    for surgery in surgeries:
        assert client.get(surgery.url).status_code == 200
    assert b"waiting list" in client.get(full.url).content
