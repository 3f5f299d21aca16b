"""A booking changes the places left on a surgery page: the front cache forgets that page."""

import pytest

from cms.tests.front_cache_recorder import recorder
from surgeries.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged_by(settings, django_capture_on_commit_callbacks):
    return recorder(settings, django_capture_on_commit_callbacks)


def test_a_booking_and_its_cancelling_purge_the_surgery_page_and_listings(purged_by, book, surgery, place):
    page = "http://testserver/kingstanding/social-media-surgery-kingstanding/"

    purged = purged_by(lambda: book(surgery, "maureen@example.com"))
    assert page in purged
    assert "http://testserver/surgeries/" in purged
    assert f"http://testserver/surgeries/place/{place.pk}/" in purged

    booking = Booking.objects.get(surgery=surgery)
    booking.status = BookingStatus.CANCELLED
    assert page in purged_by(booking.save)


def test_publishing_a_surgery_purges_its_calendars(purged_by, make_surgery, place):
    purged = purged_by(lambda: make_surgery(title="Evening surgery"))
    assert "http://testserver/kingstanding/evening-surgery/" in purged
    assert "http://testserver/surgeries/calendar.ics" in purged
    assert f"http://testserver/surgeries/place/{place.pk}/calendar.ics" in purged
