"""Background work of the home app: emailing room-hire enquiries to the centre."""

import logging

from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from cms.mail import build_email
from cms.sites import base_url

logger = logging.getLogger(__name__)


def enquiry_recipient(enquiry):
    """The centre's own address, else the site's contact address (someone must see the enquiry)."""
    from .models import SiteSettings

    if enquiry.centre.email:
        return enquiry.centre.email
    site = enquiry.centre.get_site()
    return SiteSettings.for_site(site).contact_email if site else ""


@task()
def send_room_hire_enquiry(enquiry_id):
    """Email one enquiry to its centre, replying to the person who asked.

    Idempotent: an enquiry already emailed is not sent again, so running the task
    twice (a retried job, a worker restart) never sends the centre a second copy.
    """
    from .models import RoomHireEnquiry

    enquiry = RoomHireEnquiry.objects.select_related("centre").filter(pk=enquiry_id).first()
    if enquiry is None or enquiry.emailed_at:
        return
    recipient = enquiry_recipient(enquiry)
    if not recipient:
        logger.warning(
            "Room-hire enquiry %s not emailed: %s has no email address", enquiry.pk, enquiry.centre
        )
        return
    message = build_email(
        "home/email/room_hire_enquiry",
        {
            "enquiry": enquiry,
            "centre": enquiry.centre,
            "admin_url": base_url() + reverse("home_enquiries:inspect", args=[enquiry.pk]),
        },
        to=[recipient],
        reply_to=[enquiry.email],
        page=enquiry.centre,  # from the centre's town's own sender address, when it has one
    )
    message.send()
    RoomHireEnquiry.objects.filter(pk=enquiry.pk).update(emailed_at=timezone.now())
