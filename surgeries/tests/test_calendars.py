"""Calendar files and feeds: valid RFC 5545, stable UID, SEQUENCE, cancellations, the clock change."""

from datetime import UTC, timedelta
from unittest import mock

from django.core import mail
from django.urls import reverse

import pytest
from icalendar import Calendar

from home.models import PlacePage
from surgeries.models import Booking, SurgeryPage

from .conftest import london, publish

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    # Every TZID used has its VTIMEZONE, and lines are folded at 75 octets with CRLF.
    assert not calendar.get_missing_tzids()
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    return calendar


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_each_surgery_has_an_ics_download(client, surgery):
    response = client.get(surgery.url + "calendar/")
    assert 'attachment; filename="' in response["Content-Disposition"]
    [event] = events(parse(response)).values()
    assert str(event["SUMMARY"]) == surgery.title
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == surgery.starts_at
    assert event.decoded("DTEND") == surgery.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Kingstanding Library" in str(event["LOCATION"])
    assert str(event["URL"]) == "http://testserver" + surgery.url
    assert event["DTSTAMP"]


@pytest.mark.parametrize(
    ("start", "end", "utc_hour"),
    [
        # Sunday 29 March 2026: clocks go forward at 01:00 GMT. 10:00 BST is 09:00 UTC.
        (london(2026, 3, 29, 10, 0), london(2026, 3, 29, 13, 0), 9),
        # Sunday 25 October 2026: clocks go back at 02:00 BST. 10:00 GMT is 10:00 UTC.
        (london(2026, 10, 25, 10, 0), london(2026, 10, 25, 13, 0), 10),
    ],
)
def test_surgeries_on_the_day_the_clocks_change_keep_their_local_time(
    client, make_surgery, start, end, utc_hour
):
    now = london(2026, 3, 1, 9, 0)
    with mock.patch("django.utils.timezone.now", return_value=now):
        surgery = make_surgery(starts_at=start, hours=3)
        calendar = parse(client.get(reverse("surgeries:site_ical")))
    [event] = events(calendar).values()
    assert event["DTSTART"].to_ical() == start.strftime("%Y%m%dT100000").encode()
    assert event["DTSTART"].dt.hour == 10 and event["DTEND"].dt.hour == 13
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").astimezone(UTC).hour == utc_hour
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=3)
    # The VTIMEZONE says when summer time starts and ends.
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/London"
    names = {str(part["TZNAME"]) for part in timezone.subcomponents}
    assert {"GMT", "BST"} <= names
    assert surgery.ends_at == end


def test_the_site_feed_lists_upcoming_surgeries_and_the_place_feed_only_its_own(client, make_surgery, place):
    here = make_surgery(title="Here")
    elsewhere_place = place.get_parent().add_child(instance=PlacePage(title="Handsworth", slug="handsworth"))
    elsewhere = make_surgery(title="Elsewhere", parent=elsewhere_place)
    past = make_surgery(title="Last month", days=-30)
    site = events(parse(client.get(reverse("surgeries:site_ical"))))
    assert {str(event["SUMMARY"]) for event in site.values()} == {"Here", "Elsewhere"}
    local = events(parse(client.get(reverse("surgeries:place_ical", args=[place.pk]))))
    assert {str(event["SUMMARY"]) for event in local.values()} == {"Here"}
    assert past and elsewhere and here


def test_unknown_places_have_no_feed(client, surgery):
    assert client.get(reverse("surgeries:place_ical", args=[999999])).status_code == 404
    assert client.get(reverse("surgeries:place_ical", args=[surgery.pk])).status_code == 404


def test_changing_the_time_raises_sequence_keeps_uid_and_emails_people_booked(
    client, book, surgery, committed
):
    book(surgery)
    before = events(parse(client.get(surgery.url + "calendar/")))
    [(uid, event)] = before.items()
    assert event["SEQUENCE"] == 0
    mail.outbox = []
    surgery = SurgeryPage.objects.get(pk=surgery.pk)
    surgery.starts_at += timedelta(hours=1)
    surgery.ends_at += timedelta(hours=1)
    with committed():
        publish(surgery)
    after = events(parse(client.get(surgery.url + "calendar/")))
    assert list(after) == [uid]
    assert after[uid]["SEQUENCE"] == 1
    [message] = mail.outbox
    assert message.subject.startswith("Changed:")
    assert "time of this surgery has changed" in message.body
    attached = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert attached["SEQUENCE"] == 1
    assert attached.decoded("DTSTART") == surgery.starts_at


def test_publishing_without_changes_keeps_the_sequence(client, surgery):
    publish(SurgeryPage.objects.get(pk=surgery.pk))
    publish(SurgeryPage.objects.get(pk=surgery.pk))
    assert SurgeryPage.objects.get(pk=surgery.pk).calendar_sequence == 0


def test_editing_a_draft_does_not_lose_the_sequence(surgery):
    live = SurgeryPage.objects.get(pk=surgery.pk)
    live.title = "New title"
    publish(live)
    assert SurgeryPage.objects.get(pk=surgery.pk).calendar_sequence == 1
    # An editor's next draft is made from the latest revision, saved before the sequence went up.
    draft = SurgeryPage.objects.get(pk=surgery.pk).get_latest_revision_as_object()
    draft.venue_address = "Somewhere else"
    publish(draft)
    assert SurgeryPage.objects.get(pk=surgery.pk).calendar_sequence == 2


def test_cancelling_marks_the_event_cancelled_and_emails_everyone_booked(client, book, surgery, committed):
    for email in ("a@example.com", "b@example.com", "c@example.com"):  # two booked, one waiting
        book(surgery, email)
    mail.outbox = []
    surgery = SurgeryPage.objects.get(pk=surgery.pk)
    surgery.status = "cancelled"
    surgery.status_message = "The library has a burst pipe."
    with committed():
        publish(surgery)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]
    assert all(message.subject.startswith("Cancelled:") for message in mail.outbox)
    assert "burst pipe" in mail.outbox[0].body
    [event] = events(parse(client.get(reverse("surgeries:site_ical")))).values()
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    # Telling people is idempotent: a second run of the task emails nobody.
    from surgeries.tasks import send_surgery_changed

    mail.outbox = []
    send_surgery_changed.call(surgery.pk, ["status"])
    assert mail.outbox == []
    assert set(Booking.objects.values_list("notified_sequence", flat=True)) == {1}
    page = client.get(surgery.url)
    assert b"This surgery has been cancelled" in page.content
    assert b"burst pipe" in page.content


def test_postponing_tells_people(book, surgery, committed):
    book(surgery)
    mail.outbox = []
    surgery = SurgeryPage.objects.get(pk=surgery.pk)
    surgery.status = "postponed"
    with committed():
        publish(surgery)
    assert mail.outbox[0].subject.startswith("Postponed:")
