"""Calendar files and feeds: valid RFC 5545, stable UID, SEQUENCE, cancellations, the clock change."""

from datetime import UTC, timedelta
from unittest import mock

from django.core import mail
from django.core.cache import cache
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
    past = make_surgery(title="Six weeks ago", days=-42)
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


def test_calendar_links_subscribe_with_webcal_and_still_offer_a_one_off_download(client, place, surgery):
    listing = client.get(reverse("surgeries:upcoming")).content.decode()
    assert 'href="webcal://testserver/surgeries/calendar.ics">Subscribe in your calendar app' in listing
    assert 'href="/surgeries/calendar.ics" download>' in listing
    place_url = reverse("surgeries:place_ical", args=[place.pk])
    local = client.get(reverse("surgeries:place_upcoming", args=[place.pk])).content.decode()
    assert f'href="webcal://testserver{place_url}">Subscribe in your calendar app' in local
    assert f'href="webcal://testserver{place_url}"' in client.get(place.url).content.decode()
    assert 'href="webcal://testserver/surgeries/calendar.ics"' in client.get("/").content.decode()
    # The address is the host the reader used, so it works on every site of a multi-town install.
    other = client.get(reverse("surgeries:upcoming"), HTTP_HOST="localhost").content.decode()
    assert 'href="webcal://localhost/surgeries/calendar.ics"' in other


def test_feeds_keep_surgeries_for_a_while_after_they_end(client, make_surgery, settings):
    make_surgery(title="Next week", days=7)
    make_surgery(title="On now", days=0, hours=2)
    make_surgery(title="Last week", days=-7)
    make_surgery(title="Two months ago", days=-60)

    def summaries():
        return {
            str(event["SUMMARY"])
            for event in parse(client.get(reverse("surgeries:site_ical"))).walk("VEVENT")
        }

    assert summaries() == {"Next week", "On now", "Last week"}
    settings.SURGERY_FEED_PAST_DAYS = 3
    assert summaries() == {"Next week", "On now"}
    # The listing of upcoming surgeries is unchanged: it shows what is still to come.
    listing = client.get(reverse("surgeries:upcoming")).content.decode()
    assert "Next week" in listing and "Last week" not in listing


def observance_onsets_in_utc(observance, year):
    """When an observance begins in ``year``, in UTC, read as RFC 5545 section 3.6.5 says.

    DTSTART, RDATE and the RRULE give local times in the offset in force before the
    change (TZOFFSETFROM), so UTC is that local time minus TZOFFSETFROM.
    """
    from datetime import datetime

    from dateutil.rrule import rrulestr

    start = observance.decoded("DTSTART")
    local_times = [start]
    rdates = observance.get("RDATE", [])
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        local_times += [moment.dt for moment in rdate.dts]
    if "RRULE" in observance:
        rule = rrulestr(observance["RRULE"].to_ical().decode(), dtstart=start)
        local_times += rule.between(datetime(year, 1, 1), datetime(year + 1, 1, 1), inc=True)
    offset_from = observance.decoded("TZOFFSETFROM")
    return sorted(
        {(moment - offset_from).replace(tzinfo=UTC) for moment in local_times if moment.year == year}
    )


def test_the_embedded_timezone_changes_the_clocks_at_one_in_the_morning_utc(client, surgery):
    from datetime import datetime

    def onsets(zone, kind, year):
        return sorted(moment for part in zone.walk(kind) for moment in observance_onsets_in_utc(part, year))

    for response in (client.get(reverse("surgeries:site_ical")), client.get(surgery.url + "calendar/")):
        [zone] = parse(response).walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/London"
        for year, spring, autumn in ((2026, 29, 25), (2027, 28, 31)):
            # UK clocks go forward at 01:00 GMT and back at 02:00 BST: both 01:00 UTC.
            assert onsets(zone, "DAYLIGHT", year) == [datetime(year, 3, spring, 1, 0, tzinfo=UTC)]
            assert onsets(zone, "STANDARD", year) == [datetime(year, 10, autumn, 1, 0, tzinfo=UTC)]
        assert {part.decoded("TZOFFSETTO") for part in zone.walk("DAYLIGHT")} == {timedelta(hours=1)}
        assert {part.decoded("TZOFFSETTO") for part in zone.walk("STANDARD")} == {timedelta(0)}


def test_an_unchanged_feed_keeps_its_etag_so_calendar_apps_get_304(client, make_surgery):
    from django.utils import timezone
    from django.utils.http import http_date

    first = make_surgery(title="First", days=3)
    second = make_surgery(title="Second", days=10)
    url = reverse("surgeries:site_ical")
    response = client.get(url)
    later = timezone.now() + timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        again = client.get(url)
    assert again.content == response.content
    assert again["ETag"] == response["ETag"]
    newest = max(first.last_published_at, second.last_published_at)
    assert response["Last-Modified"] == http_date(newest.timestamp())
    stamps = {str(uid): event.decoded("DTSTAMP") for uid, event in events(parse(response)).items()}
    assert sorted(stamps.values()) == sorted(
        moment.replace(microsecond=0) for moment in (first.last_published_at, second.last_published_at)
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    download = client.get(first.url + "calendar/")
    assert client.get(first.url + "calendar/", HTTP_IF_NONE_MATCH=download["ETag"]).status_code == 304

    # Publishing a change gives the feed a new ETag, so the app downloads it.
    changed = SurgeryPage.objects.get(pk=second.pk)
    changed.title = "Second, now in the hall"
    publish(changed)
    fresh = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert fresh.status_code == 200
    assert fresh["ETag"] != response["ETag"]
    assert "Second, now in the hall" in {str(event["SUMMARY"]) for event in parse(fresh).walk("VEVENT")}


def test_a_time_zone_the_calendar_rules_do_not_describe_stops_the_site_starting(settings):
    from django.core import checks

    settings.TIME_ZONE = "Europe/Paris"
    assert "surgeries.E001" in [error.id for error in checks.run_checks()]
    settings.TIME_ZONE = "Europe/London"
    assert "surgeries.E001" not in [error.id for error in checks.run_checks()]


@pytest.fixture
def urdu_surgery(make_surgery, home_page, place):
    """An English surgery and its Urdu copy, under Urdu copies of the town and the place."""
    from wagtail.models import Locale

    english = make_surgery(title="Social media surgery")
    urdu = Locale.objects.get_or_create(language_code="ur")[0]
    for page in (home_page, place):
        page.copy_for_translation(urdu).save_revision().publish()
    translated = english.copy_for_translation(urdu)
    translated.title = "سوشل میڈیا سرجری"
    translated.save()
    return english, publish(translated)


@pytest.mark.parametrize(
    ("prefix", "language", "title"),
    [("", "en-gb", "Social media surgery"), ("/ur", "ur", "سوشل میڈیا سرجری")],
)
def test_each_calendar_under_a_language_prefix_holds_that_languages_surgeries(
    client, urdu_surgery, place, prefix, language, title
):
    for url in ("/surgeries/calendar.ics", f"/surgeries/place/{place.pk}/calendar.ics"):
        [event] = events(parse(client.get(prefix + url))).values()
        assert str(event["SUMMARY"]) == title, url
        assert event["SUMMARY"].params["LANGUAGE"] == language, url
        assert event["DESCRIPTION"].params["LANGUAGE"] == language, url
        assert f"http://testserver{prefix}/kingstanding/" in str(event["URL"]), url


def test_a_calendar_with_no_copy_in_the_language_is_not_found(client, make_surgery, place):
    from wagtail.models import Locale

    make_surgery()
    Locale.objects.get_or_create(language_code="pl")
    assert client.get("/pl/surgeries/calendar.ics").status_code == 404
    assert client.get(f"/pl/surgeries/place/{place.pk}/calendar.ics").status_code == 404


def test_the_uid_stays_when_the_surgerys_town_moves_to_its_own_domain(client, surgery, settings):
    """Subscribers' calendars match events by UID: a new host must not make every surgery a new event."""
    from wagtail.models import Site

    [uid] = events(parse(client.get(surgery.url + "calendar/")))
    # What UIDs were always made of for the default site: the admin's host name.
    assert uid == f"surgery-{surgery.pk}@testserver"

    Site.objects.filter(is_default_site=True).update(hostname="walsall.example.org")
    cache.clear()
    moved = SurgeryPage.objects.get(pk=surgery.pk)
    response = client.get(moved.url + "calendar/", HTTP_HOST="walsall.example.org")
    [(moved_uid, event)] = events(parse(response)).items()
    assert moved_uid == uid
    assert str(event["URL"]).startswith("http://walsall.example.org/")

    settings.CALENDAR_UID_DOMAIN = "surgeries.example.org"
    response = client.get(moved.url + "calendar/", HTTP_HOST="walsall.example.org")
    assert list(events(parse(response))) == [f"surgery-{surgery.pk}@surgeries.example.org"]
