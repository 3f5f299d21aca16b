"""Surgeries as iCalendar (RFC 5545): one file per surgery, email attachments and subscribable feeds.

Times are written in the site's time zone (``settings.TIME_ZONE``, Europe/London) with a
VTIMEZONE, so a surgery on the day the
clocks change keeps its local time in every calendar. The UID never changes for
a surgery and SEQUENCE goes up each time its date, place, title or status is
published with a change, so calendars update the event instead of adding another.

A feed is the same bytes until a surgery in it changes: DTSTAMP is the surgery's
last publication, not "now", so calendar apps that poll with If-None-Match get a
304 instead of downloading (and re-processing) the whole calendar every time.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from cms.locales import language_code_for
from cms.sites import base_url

from .models import SurgeryStatus

# The zone whose rules london_timezone() writes out by hand; settings.TIME_ZONE must be it
# (checked by timezone_matches_calendar_rules at start-up).
VTIMEZONE_RULES_FOR = "Europe/London"
PRODID = "-//Patchwork//Social media surgeries//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
EVENT_STATUS = {
    SurgeryStatus.SCHEDULED: "CONFIRMED",
    SurgeryStatus.POSTPONED: "TENTATIVE",
    SurgeryStatus.CANCELLED: "CANCELLED",
}


def uid_domain():
    """The part of every event's UID after the "@": the install's, never a town's.

    ``CALENDAR_UID_DOMAIN`` when set (to keep UIDs through a move of the admin to another
    address), else the host of ``WAGTAILADMIN_BASE_URL``, which is what UIDs were always made of.
    """
    configured = settings.CALENDAR_UID_DOMAIN
    return configured or urlsplit(base_url()).hostname or "localhost"


def surgery_uid(surgery, request=None):
    """Stable for the life of the surgery: its id and the install's UID domain.

    Not the host of the surgery's Site: a town that moves to its own domain keeps its events'
    UIDs, so subscribers' calendars update them instead of showing every surgery twice.
    ``request`` is accepted (and ignored) so callers need not know that.
    """
    return f"surgery-{surgery.pk}@{uid_domain()}"


def last_changed(surgery):
    """When this version of the surgery was published (now, for an unsaved preview)."""
    return surgery.last_published_at or surgery.first_published_at or timezone.now()


def london_timezone():
    """The Europe/London VTIMEZONE as the yearly rules in force since 1996.

    Written by hand because icalendar's ``add_missing_timezones`` puts the spring
    change at 02:00 with TZOFFSETFROM +0000, which RFC 5545 reads as 02:00 UTC, an
    hour late. Each DTSTART is the local time of the change in the offset being
    left: clocks go forward at 01:00 GMT and back at 02:00 BST, both 01:00 UTC on
    the last Sunday of March and of October. The 1970 start dates are the usual
    anchor (the last Sundays of those months), not a claim about 1970's clocks.
    """
    zone = Timezone()
    zone.add("tzid", VTIMEZONE_RULES_FOR)
    for kind, name, starts, month, offset_from, offset_to in (
        (TimezoneDaylight, "BST", datetime(1970, 3, 29, 1, 0), 3, 0, 1),
        (TimezoneStandard, "GMT", datetime(1970, 10, 25, 2, 0), 10, 1, 0),
    ):
        observance = kind()
        observance.add("tzname", name)
        observance.add("dtstart", starts)
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        observance.add("tzoffsetfrom", timedelta(hours=offset_from))
        observance.add("tzoffsetto", timedelta(hours=offset_to))
        zone.add_component(observance)
    return zone


def surgery_event(surgery, request=None):
    event = Event()
    event.add("uid", surgery_uid(surgery, request))
    event.add("dtstamp", last_changed(surgery))
    local = timezone.get_default_timezone()
    event.add("dtstart", surgery.starts_at.astimezone(local))
    event.add("dtend", surgery.ends_at.astimezone(local))
    event.add("sequence", surgery.calendar_sequence)
    event.add("status", EVENT_STATUS.get(surgery.status, "CONFIRMED"))
    summary = surgery.title
    if surgery.status != SurgeryStatus.SCHEDULED:
        summary = gettext("%(status)s: %(title)s") % {
            "status": surgery.get_status_display().upper(),
            "title": summary,
        }
    # Calendar apps pick fonts, direction and hyphenation from the text's language (RFC 5545 3.2.10).
    language = {"LANGUAGE": language_code_for(surgery.locale_id) or settings.LANGUAGE_CODE}
    event.add("summary", summary, parameters=language)
    location = surgery.location_text()
    if location:
        event.add("location", location, parameters=language)
    url = surgery.get_full_url(request) or ""
    description = " ".join(
        part
        for part in (
            surgery.status_message,
            surgery.intro_text,
            url and gettext("Details: %(url)s") % {"url": url},
        )
        if part
    )
    if description:
        event.add("description", description, parameters=language)
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
    calendar.add("x-wr-timezone", VTIMEZONE_RULES_FOR)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    calendar.add_component(london_timezone())
    for surgery in surgeries:
        calendar.add_component(surgery_event(surgery, request))
    return calendar.to_ical()


def ics_response(request, surgeries, name, filename=None):
    """The calendar with validators, so an unchanged feed is answered with a 304.

    Django's ConditionalGetMiddleware gives it an ETag, the file's own fingerprint:
    it changes when any surgery in it is republished or one joins or leaves the
    feed. Last-Modified is the newest publication among them, for clients that
    only send If-Modified-Since.
    """
    surgeries = list(surgeries)
    response = HttpResponse(build_calendar(surgeries, name, request), content_type=ICS_CONTENT_TYPE)
    changes = [surgery.last_published_at for surgery in surgeries if surgery.last_published_at]
    if changes:
        response["Last-Modified"] = http_date(max(changes).timestamp())
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def timezone_matches_calendar_rules(app_configs, **kwargs):
    """Calendars label every time with the hand-written VTIMEZONE: it must be the site's zone.

    Otherwise a phone would read a surgery at 10:00 in TIME_ZONE as 10:00 UK time.
    """
    if settings.TIME_ZONE == VTIMEZONE_RULES_FOR:
        return []
    return [
        checks.Error(
            f"TIME_ZONE is {settings.TIME_ZONE!r}, but surgery calendars carry the daylight-saving "
            f"rules of {VTIMEZONE_RULES_FOR} only.",
            hint="Set TIME_ZONE to Europe/London, or add that zone's rules to surgeries/calendars.py "
            "(london_timezone) before changing it.",
            id="surgeries.E001",
        )
    ]
