"""Deleting room-hire enquiries once they are old, as bookers' details are deleted after a surgery.

How long is set by ``ROOM_HIRE_ENQUIRY_MONTHS`` (default 6, the same as
``SURGERY_PERSONAL_DATA_MONTHS``). The clock starts at the later of the day the
room was wanted and the day the enquiry arrived, so an enquiry about a date next
year stays until that date has passed too. The whole enquiry goes: name, email,
phone and what they wanted the room for are all personal, and a centre that took
the booking keeps its own record of the hire. The admin history of each deleted
enquiry goes with it, since its entries are labelled with the enquirer's name.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry

from cms.dates import months_before

from .models import RoomHireEnquiry


def keep_months():
    return settings.ROOM_HIRE_ENQUIRY_MONTHS


def expired_enquiries(now=None):
    """Enquiries that arrived, and were for a day, more than the configured months ago."""
    cutoff = months_before(timezone.localtime(now or timezone.now()), keep_months())
    return RoomHireEnquiry.objects.filter(created_at__lt=cutoff, date__lt=cutoff.date())


def delete_expired(now=None, batch_size=500):
    """Delete expired enquiries and their admin history in batches; yields the running total."""
    enquiry_type = ContentType.objects.get_for_model(RoomHireEnquiry)
    deleted = 0
    while True:
        ids = list(expired_enquiries(now).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return
        with transaction.atomic():
            ModelLogEntry.objects.filter(
                content_type=enquiry_type, object_id__in=[str(pk) for pk in ids]
            ).delete()
            RoomHireEnquiry.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
        yield deleted
