"""Emails about surgeries, sent by the task worker (never inside a request).

Each task loads its rows by id and is safe to run twice: what was sent is
recorded on the row (reminder_sent_at, notified_sequence, OrganiserDigest.sent_at),
and a second run finds nothing left to do.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from django_tasks import task

from cms.mail import build_email
from cms.sites import page_site_url

from .calendars import build_calendar
from .labels import role_labels
from .models import EXPECTED_STATUSES, Booking, BookingStatus, OrganiserDigest, SurgeryPage
from .tokens import cancel_link_token, confirm_link_token

logger = logging.getLogger(__name__)


def cancel_url(booking):
    """On the host of the surgery's own Site, like every link in a booker's email."""
    return page_site_url(booking.surgery) + reverse("surgeries:cancel", args=[cancel_link_token(booking)])


def confirm_url(booking):
    return page_site_url(booking.surgery) + reverse(
        "surgeries:confirm_place", args=[confirm_link_token(booking)]
    )


def booking_context(booking):
    surgery = booking.surgery
    labels = role_labels(surgery.get_site())
    return {
        "booking": booking,
        "surgery": surgery,
        "surgery_url": surgery.get_full_url(),
        "role_label": labels[booking.role],
        "position": booking.waiting_list_position(),
        "cancel_url": cancel_url(booking),
        "confirm_url": confirm_url(booking) if booking.status == BookingStatus.HELD else "",
    }


def send_with_calendar(template_base, booking, **extra):
    """One email to the booker in the language they booked in, with the surgery attached as an .ics file."""
    with translation.override(booking.language):
        context = {**booking_context(booking), **extra}
        message = build_email(template_base, context, [booking.email], page=booking.surgery)
        message.attach(
            f"{booking.surgery.slug}.ics",
            build_calendar([booking.surgery], booking.surgery.title),
            "text/calendar",
        )
    message.send()


def load_booking(booking_id):
    return (
        Booking.objects.select_related("surgery", "surgery__venue")
        .filter(pk=booking_id)
        .exclude(email="")
        .first()
    )


@task()
def send_booking_confirmation(booking_id):
    """'You're booked' (or 'on the waiting list', or 'waiting for approval'), with the calendar file."""
    booking = load_booking(booking_id)
    if booking and booking.status in EXPECTED_STATUSES:
        send_with_calendar("surgeries/email/booking_confirmation", booking)


@task()
def send_place_offered(booking_id):
    """A place came up and the first person on the waiting list has it."""
    booking = load_booking(booking_id)
    if booking and booking.status in (BookingStatus.HELD, BookingStatus.BOOKED, BookingStatus.PENDING):
        send_with_calendar("surgeries/email/place_offered", booking)


@task()
def send_booking_decision(booking_id):
    """An organiser approved or declined the booking, with their message."""
    booking = load_booking(booking_id)
    if booking and booking.status in (BookingStatus.BOOKED, BookingStatus.DECLINED):
        send_with_calendar("surgeries/email/booking_decision", booking)


@task()
def send_surgery_changed(surgery_id, changes):
    """Tell everyone expected at the surgery that it was cancelled, postponed, moved or retimed.

    Each booking remembers the version it was told about, so a repeat run skips
    the people already emailed.
    """
    surgery = SurgeryPage.objects.select_related("venue").get(pk=surgery_id)
    bookings = Booking.objects.filter(
        surgery=surgery, status__in=EXPECTED_STATUSES, notified_sequence__lt=surgery.calendar_sequence
    ).exclude(email="")
    sent = 0
    for booking in bookings.iterator():
        booking.surgery = surgery
        send_with_calendar("surgeries/email/surgery_changed", booking, changes=changes)
        Booking.objects.filter(pk=booking.pk).update(notified_sequence=surgery.calendar_sequence)
        sent += 1
    logger.info("Told %s people about changes to surgery %s", sent, surgery_id)
    return sent


@task()
def send_reminder(booking_id):
    """The day-before reminder. Sent at most once: reminder_sent_at is set in the same transaction."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("surgery", "surgery__venue")
            .filter(pk=booking_id, reminder_sent_at=None, status=BookingStatus.BOOKED)
            .exclude(email="")
            .first()
        )
        if booking is None or booking.surgery.starts_at <= timezone.now():
            return False
        send_with_calendar("surgeries/email/reminder", booking)
        booking.reminder_sent_at = timezone.now()
        booking.save(update_fields=["reminder_sent_at"])
    return True


def bookings_for_digest(digest):
    """New bookings since the organiser's previous digest, at the surgeries they run that are still ahead."""
    bookings = Booking.objects.filter(
        surgery__organisers=digest.user_id,
        surgery__ends_at__gte=digest.created_at,
        created_at__lt=digest.created_at,
    )
    since = digest.covers_since()
    if since:
        bookings = bookings.filter(created_at__gte=since)
    return bookings.select_related("surgery").order_by("surgery__starts_at", "surgery_id", "created_at")


@task()
def send_organiser_digest(digest_id):
    """One organiser's daily email listing the new bookings at their surgeries."""
    digest = OrganiserDigest.objects.select_related("user").get(pk=digest_id)
    if digest.sent_at or not digest.user.email:
        return False
    bookings = list(bookings_for_digest(digest))
    if bookings:
        surgeries = {}
        for booking in bookings:
            surgeries.setdefault(booking.surgery, []).append(booking)
        build_email(
            "surgeries/email/organiser_digest",
            {"organiser": digest.user, "surgeries": surgeries.items(), "count": len(bookings)},
            [digest.user.email],
        ).send()
    OrganiserDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now(), booking_count=len(bookings))
    return bool(bookings)


@task()
def delete_expired_personal_data():
    """Wipe bookers' details from surgeries that ended long enough ago (see personal_data.py), and
    forget network helpers' offers never confirmed while their link worked."""
    from .network_helpers import delete_unconfirmed
    from .personal_data import delete_expired

    delete_unconfirmed()
    return delete_expired()


def network_helper_confirm_url(helper):
    """On the host of the town whose website writes to the helper, in the language they registered in."""
    from .tokens import network_helper_token

    with translation.override(helper.language):
        path = reverse("surgeries:confirm_network_helper", args=[network_helper_token(helper)])
    return page_site_url(helper.writing_town) + path


def network_helper_withdraw_url(helper):
    """Like the confirm link: on the writing town's host, in the helper's language; it never runs out."""
    from .tokens import network_helper_withdraw_token

    with translation.override(helper.language):
        path = reverse("surgeries:withdraw_network_helper", args=[network_helper_withdraw_token(helper)])
    return page_site_url(helper.writing_town) + path


@task()
def send_network_helper_confirmation(helper_id):
    """'Confirm you will help': the link that makes a network registration count (double opt-in)."""
    from .models import NetworkHelper

    helper = (
        NetworkHelper.objects.select_related("writing_town")
        .filter(pk=helper_id, status=NetworkHelper.Status.PENDING)
        .first()
    )
    if helper is None:
        return
    with translation.override(helper.language):
        context = {
            "helper": helper,
            "towns": [town.title for town in helper.towns.order_by("title")],
            "confirm_url": network_helper_confirm_url(helper),
            "withdraw_url": network_helper_withdraw_url(helper),
        }
        message = build_email(
            "surgeries/email/network_helper_confirm", context, [helper.email], page=helper.writing_town
        )
    message.send()
