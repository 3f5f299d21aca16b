"""Opening hours: the usual week, dated exceptions, "open now" in UK time."""

import json
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from home import hours
from home.models import OpeningHours, OpeningHoursException

from .conftest import FROZEN_NOW

WEEKDAYS_9_TO_5 = [OpeningHours(weekday=day, opens=time(9), closes=time(17)) for day in range(5)]
SPLIT_MONDAY = [
    OpeningHours(weekday=0, opens=time(14), closes=time(20)),
    OpeningHours(weekday=0, opens=time(9, 30), closes=time(12, 30)),
]
CHRISTMAS = OpeningHoursException(
    starts_on=date(2030, 12, 24), ends_on=date(2031, 1, 1), reason="Christmas and New Year", closed=True
)
LATE_OPENING = OpeningHoursException(
    starts_on=date(2030, 3, 22), reason="Art trail", closed=False, opens=time(10), closes=time(23)
)


def test_a_normal_day_uses_the_usual_weekday_hours():
    day = hours.hours_on(date(2030, 3, 18), WEEKDAYS_9_TO_5, [CHRISTMAS])  # a Monday
    assert day.openings == [hours.Opening(time(9), time(17))]
    assert day.exception is None


def test_a_weekday_without_rows_is_closed():
    assert hours.hours_on(date(2030, 3, 23), WEEKDAYS_9_TO_5, []).is_closed  # a Saturday


def test_split_hours_are_in_time_order_and_closed_at_lunch():
    monday = hours.hours_on(date(2030, 3, 18), SPLIT_MONDAY, [])
    assert [opening.opens for opening in monday.openings] == [time(9, 30), time(14)]
    assert monday.is_open_at(time(10))
    assert not monday.is_open_at(time(13))
    assert monday.next_opening_after(time(13)) == time(14)


def test_every_day_of_a_closure_is_closed_with_its_reason():
    for day in (date(2030, 12, 24), date(2030, 12, 30), date(2031, 1, 1)):
        result = hours.hours_on(day, WEEKDAYS_9_TO_5, [CHRISTMAS])
        assert result.is_closed
        assert result.exception.reason == "Christmas and New Year"
    assert not hours.hours_on(date(2031, 1, 2), WEEKDAYS_9_TO_5, [CHRISTMAS]).is_closed


def test_special_hours_replace_the_usual_ones():
    friday = hours.hours_on(date(2030, 3, 22), WEEKDAYS_9_TO_5, [LATE_OPENING])
    assert friday.openings == [hours.Opening(time(10), time(23))]
    assert friday.is_open_at(time(22)) and not friday.is_open_at(time(9, 30))


def test_a_closure_beats_special_hours_on_the_same_day():
    closed = OpeningHoursException(starts_on=date(2030, 3, 22), reason="Flooded", closed=True)
    result = hours.hours_on(date(2030, 3, 22), WEEKDAYS_9_TO_5, [LATE_OPENING, closed])
    assert result.is_closed and result.exception.reason == "Flooded"


def test_open_now_is_worked_out_in_uk_time():
    # 08:30 UTC on 1 July is 09:30 in London (summer time): open. 16:30 UTC is 17:30: closed.
    utc = ZoneInfo("UTC")
    assert hours.is_open_at(datetime(2030, 7, 1, 8, 30, tzinfo=utc), WEEKDAYS_9_TO_5, [])
    assert not hours.is_open_at(datetime(2030, 7, 1, 16, 30, tzinfo=utc), WEEKDAYS_9_TO_5, [])
    # In winter London is on UTC.
    assert not hours.is_open_at(datetime(2030, 1, 7, 8, 30, tzinfo=utc), WEEKDAYS_9_TO_5, [])


@pytest.mark.parametrize(
    ("exception", "message"),
    [
        ({"starts_on": date(2030, 3, 2), "ends_on": date(2030, 3, 1), "closed": True}, "ends_on"),
        ({"starts_on": date(2030, 3, 2), "closed": False}, "opens"),
        ({"starts_on": date(2030, 3, 2), "closed": False, "opens": time(12), "closes": time(9)}, "closes"),
    ],
)
def test_editors_are_told_about_impossible_exceptions(exception, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        OpeningHoursException(reason="Test", **exception).clean()
    assert message in error.value.message_dict


def centre_html(client, centre):
    response = client.get(centre.url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_centre_page_says_open_now_on_a_normal_day(client, centre, frozen_now):
    html = centre_html(client, centre)
    assert "Open now" in html and "until 17:00" in html
    assert 'class="hours__today"' in html


@pytest.mark.django_db
def test_centre_page_uses_the_exception_on_its_date(client, centre, monkeypatch):
    closed_day = datetime(
        2030, 3, 20, 10, 30, tzinfo=timezone.get_default_timezone()
    )  # a Wednesday, usually open
    monkeypatch.setattr(hours, "local_now", lambda: closed_day)
    html = centre_html(client, centre)
    assert "Closed today" in html and "Closed for repairs" in html
    assert "Open now" not in html


@pytest.mark.django_db
def test_centre_page_opens_on_a_special_day(client, centre, monkeypatch):
    sunday = datetime(2030, 3, 24, 12, 0, tzinfo=timezone.get_default_timezone())  # usually closed on Sundays
    monkeypatch.setattr(hours, "local_now", lambda: sunday)
    html = centre_html(client, centre)
    assert "Open now" in html and "until 15:00" in html
    assert "Special hours today: Spring fair" in html


@pytest.mark.django_db
def test_upcoming_changes_are_listed_and_past_ones_are_not(client, centre, frozen_now):
    html = centre_html(client, centre)
    assert "Changes to the usual hours" in html
    assert "Closed for repairs" in html and "Spring fair" in html
    assert "Christmas 2020" not in html


@pytest.mark.django_db
def test_json_ld_describes_the_centre_and_its_exceptions(client, centre, frozen_now):
    data = json_ld(centre_html(client, centre))
    assert data["@type"] == "CivicStructure"
    assert data["address"]["postalCode"] == "B44 9QH"
    monday = {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "17:00",
    }
    assert monday in data["openingHoursSpecification"]
    special = {spec["name"]: spec for spec in data["specialOpeningHoursSpecification"]}
    assert special["Closed for repairs"] == {
        "@type": "OpeningHoursSpecification",
        "name": "Closed for repairs",
        "validFrom": "2030-03-20",
        "validThrough": "2030-03-20",
        "opens": "00:00",
        "closes": "00:00",
    }
    assert special["Spring fair"]["opens"] == "11:00"
    assert "Christmas 2020" not in special
    assert data["telephone"] == "0121 496 0123"
    assert {"Step-free access", "Hearing loop", "Free Wi-Fi"} <= {f["name"] for f in data["amenityFeature"]}


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script_tag(client, place, frozen_now):
    from .conftest import build_centre

    centre = build_centre(place, slug="tricky")
    centre.title = "</script><script>alert(1)</script>"
    centre.save_revision().publish()
    html = centre_html(client, centre)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_frozen_clock_is_a_wednesday():
    assert FROZEN_NOW.weekday() == 2
