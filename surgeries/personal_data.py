"""Deleting bookers' personal details some months after a surgery, keeping the counts.

How long is set by ``SURGERY_PERSONAL_DATA_MONTHS`` (default 6). The booking rows
stay, with role, status, topics and kind of group, so reports can still count who
came and what they wanted help with.
"""

from django.conf import settings
from django.utils import timezone

from cms.dates import months_before

from .models import Booking

PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "organisation_name": "",
    "other_topic": "",
    "can_offer": "",
    "decision_message": "",
}


def keep_months():
    return settings.SURGERY_PERSONAL_DATA_MONTHS


def expired_bookings(now=None):
    """Bookings at surgeries that ended more than the configured months ago and still hold details."""
    cutoff = months_before(now or timezone.now(), keep_months())
    return Booking.objects.filter(surgery__ends_at__lt=cutoff, personal_data_deleted_at=None)


def delete_expired(now=None):
    """Blank the personal fields of every expired booking in one UPDATE; returns how many."""
    return expired_bookings(now).update(**PERSONAL_FIELDS, personal_data_deleted_at=timezone.now())
