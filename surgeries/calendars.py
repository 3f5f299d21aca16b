"""Surgeries as iCalendar (RFC 5545): one file per surgery, email attachments and subscribable feeds.

Times are written in Europe/London with a VTIMEZONE, so a surgery on the day the
clocks change keeps its local time in every calendar. The UID never changes for
a surgery and SEQUENCE goes up each time its date, place, title or status is
published with a change, so calendars update the event instead of adding another.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags

from icalendar import Calendar, Event

from .models import SurgeryStatus

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Patchwork//Social media surgeries//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
EVENT_STATUS = {
    SurgeryStatus.SCHEDULED: "CONFIRMED",
    SurgeryStatus.POSTPONED: "TENTATIVE",
    SurgeryStatus.CANCELLED: "CANCELLED",
}


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def surgery_uid(surgery):
    """Stable for the life of the surgery: its id and the site's host name."""
    host = urlsplit(base_url()).hostname or "localhost"
    return f"surgery-{surgery.pk}@{host}"


def surgery_event(surgery, request=None):
    event = Event()
    event.add("uid", surgery_uid(surgery))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", surgery.starts_at.astimezone(LONDON))
    event.add("dtend", surgery.ends_at.astimezone(LONDON))
    event.add("sequence", surgery.calendar_sequence)
    event.add("status", EVENT_STATUS.get(surgery.status, "CONFIRMED"))
    summary = surgery.title
    if surgery.status != SurgeryStatus.SCHEDULED:
        summary = f"{surgery.get_status_display().upper()}: {summary}"
    event.add("summary", summary)
    location = surgery.location_text()
    if location:
        event.add("location", location)
    url = surgery.get_full_url(request) or ""
    description = " ".join(
        part
        for part in (
            surgery.status_message,
            strip_tags(surgery.description).strip(),
            url and f"Details: {url}",
        )
        if part
    )
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if surgery.last_published_at:
        event.add("last-modified", surgery.last_published_at)
    return event


def build_calendar(surgeries, name, request=None):
    """A VCALENDAR with one VEVENT per surgery and the Europe/London VTIMEZONE; bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    starts = []
    for surgery in surgeries:
        calendar.add_component(surgery_event(surgery, request))
        starts.append(timezone.localdate(surgery.starts_at))
    if not starts:
        starts = [timezone.localdate()]
    # A VTIMEZONE covering a year either side is enough and keeps the file small.
    calendar.add_missing_timezones(
        first_date=min(starts) - timedelta(days=366), last_date=max(starts) + timedelta(days=366)
    )
    return calendar.to_ical()


def ics_response(request, surgeries, name, filename=None):
    response = HttpResponse(build_calendar(surgeries, name, request), content_type=ICS_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
