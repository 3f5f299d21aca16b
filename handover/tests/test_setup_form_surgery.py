"""The set-up form knows the surgery: dates in the list, today's chosen, its place used, plain place names."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from handover.models import HelpRecord
from newsletters.models import PublicationPage
from surgeries.queries import TITLE_PATH_SEPARATOR as ARROW

pytestmark = pytest.mark.django_db

SETUP_URL = "handover_newcomers:setup"


def add_surgery(parent, starts, **fields):
    from surgeries.models import SurgeryPage

    page = SurgeryPage(
        title=f"Social media surgery, {starts:%-d %B %Y}",
        slug=f"surgery-{starts:%Y-%m-%d-%H%M}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        **fields,
    )
    return parent.add_child(instance=page)


@pytest.fixture
def estate(place):
    from home.models import PlacePage

    return place.add_child(instance=PlacePage(title="Kingstanding Estate", slug="kingstanding-estate"))


@pytest.fixture
def centre(place):
    from home.models import CommunityCentrePage

    return place.add_child(
        instance=CommunityCentrePage(
            title="Kingstanding Community Centre",
            slug="centre",
            address="1 Hawthorn Road",
            postcode="B44 8QT",
        )
    )


def form_data(**extra):
    data = {
        "name": "Maureen Lewis",
        "email": "",
        "group_name": "Kingstanding Neighbourhood Watch",
        "kind": "blog",
        "place": "",
        "surgery": "",
        "topics": ["blog"],
    }
    data.update(extra)
    return data


def options(html, name):
    """[(value, text, attributes)] of the <select name=...> on the page."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        (value, re.sub(r"\s+", " ", text).strip(), attrs)
        for attrs, value, text in (
            (match.group(0), match.group(1), match.group(2))
            for match in re.finditer(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select, re.S)
        )
    ]


def test_surgery_choices_show_their_date_and_where_they_are(client, helper, place, centre, surgery):
    at_centre = add_surgery(place, timezone.make_aware(datetime.datetime(2026, 4, 1, 18, 30)), venue=centre)
    client.force_login(helper)
    html = client.get(reverse(SETUP_URL)).content.decode()
    labels = {value: text for value, text, _ in options(html, "surgery")}
    assert labels[str(at_centre.pk)] == "Wed 1 April 2026, 18:30 — Kingstanding Community Centre"
    # No centre chosen: the place it is held in.
    assert labels[str(surgery.pk)] == "Wed 4 March 2026, 10:00 — Kingstanding"
    assert [value for value, _, _ in options(html, "surgery")] == ["", str(at_centre.pk), str(surgery.pk)]


def test_each_surgery_option_carries_its_place_for_the_script(client, helper, place, estate, surgery):
    at_estate = add_surgery(estate, timezone.make_aware(datetime.datetime(2026, 5, 6, 10, 0)))
    client.force_login(helper)
    html = client.get(reverse(SETUP_URL)).content.decode()
    attrs = {value: attrs for value, _, attrs in options(html, "surgery")}
    assert f'data-place="{place.pk}"' in attrs[str(surgery.pk)]
    assert f'data-place="{estate.pk}"' in attrs[str(at_estate.pk)]
    assert 'data-fills-place="id_place"' in html
    assert re.search(r'<script src="[^"]*/js/surgery_place\.js"', html)
    assert "<script>" not in html.split("<form", 1)[1].split("</form>", 1)[0]


def test_todays_surgery_is_chosen_for_the_helper(client, helper, place, surgery):
    now = timezone.localtime()
    later_today = now.replace(hour=23, minute=0, second=0, microsecond=0)
    today = add_surgery(place, later_today - datetime.timedelta(hours=1))
    add_surgery(place, later_today + datetime.timedelta(days=1))  # tomorrow's is not today's
    client.force_login(helper)
    response = client.get(reverse(SETUP_URL))
    assert response.context["form"]["surgery"].value() == today.pk
    selected = [
        value for value, _, attrs in options(response.content.decode(), "surgery") if "selected" in attrs
    ]
    assert selected == [str(today.pk)]


def test_no_surgery_today_means_none_is_chosen(client, helper, surgery):
    client.force_login(helper)
    response = client.get(reverse(SETUP_URL))
    assert response.context["form"]["surgery"].value() is None


def test_a_surgery_without_a_place_puts_the_publication_in_the_surgerys_place(client, helper, place, estate):
    at_estate = add_surgery(estate, timezone.make_aware(datetime.datetime(2026, 5, 6, 10, 0)))
    client.force_login(helper)
    response = client.post(reverse(SETUP_URL), form_data(surgery=at_estate.pk))
    assert response.status_code == 302
    record = HelpRecord.objects.get()
    assert record.surgery == at_estate
    assert record.publication.get_parent().pk == estate.pk


def test_a_chosen_place_wins_over_the_surgerys(client, helper, place, estate, surgery):
    client.force_login(helper)
    response = client.post(reverse(SETUP_URL), form_data(surgery=surgery.pk, place=estate.pk))
    assert response.status_code == 302
    assert HelpRecord.objects.get().publication.get_parent().pk == estate.pk


def test_neither_place_nor_surgery_is_a_clear_error_and_nothing_is_made(client, helper, place):
    client.force_login(helper)
    response = client.post(reverse(SETUP_URL), form_data())
    assert response.status_code == 200
    assert "Choose the place their group is in, or the surgery you are at" in response.content.decode()
    assert not HelpRecord.objects.exists() and not PublicationPage.objects.exists()


def test_places_are_named_by_where_they_are_without_root_or_page_types(client, helper, place, estate, centre):
    client.force_login(helper)
    html = client.get(reverse(SETUP_URL)).content.decode()
    choices = options(html, "place")
    assert [(value, text) for value, text, _ in choices[1:]] == [
        (str(place.pk), f"Test Town{ARROW}Kingstanding"),
        (str(estate.pk), f"Test Town{ARROW}Kingstanding{ARROW}Kingstanding Estate"),
    ]
    texts = " ".join(text for _, text, _ in choices)
    for jargon in ("Root", "Place page", "PlacePage", "page type", "Community centre page", "Home page"):
        assert jargon.lower() not in texts.lower()
    # The page chooser (with its "Root" and page-type wording) is gone.
    assert "chooser" not in re.search(r'id="id_place".*?</select>', html, re.S).group(0)


def test_the_lists_cost_the_same_queries_however_many_places_and_surgeries(client, helper, place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.models import PlacePage

    client.force_login(helper)
    client.get(reverse(SETUP_URL))  # warm up the session and site caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(SETUP_URL))
    for number in range(15):
        street = place.add_child(instance=PlacePage(title=f"Street {number}", slug=f"street-{number}"))
        add_surgery(street, timezone.make_aware(datetime.datetime(2026, 6, 1 + number, 10, 0)))
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse(SETUP_URL)).content.decode()
    assert f"Test Town{ARROW}Kingstanding{ARROW}Street 14" in html
    assert "Mon 15 June 2026, 10:00 — Street 14" in html
    assert len(many) == len(few)


def test_only_live_places_of_the_helpers_site_are_offered(client, helper, place):
    from wagtail.models import Page

    from home.models import HomePage, PlacePage

    other_town = Page.get_first_root_node().add_child(instance=HomePage(title="Other Town", slug="other"))
    elsewhere = other_town.add_child(instance=PlacePage(title="Elsewhere", slug="elsewhere"))
    draft = place.add_child(instance=PlacePage(title="Not yet", slug="not-yet", live=False))
    client.force_login(helper)
    values = [value for value, _, _ in options(client.get(reverse(SETUP_URL)).content.decode(), "place")]
    assert str(place.pk) in values
    assert str(elsewhere.pk) not in values and str(draft.pk) not in values
    response = client.post(reverse(SETUP_URL), form_data(place=elsewhere.pk))
    assert response.status_code == 200 and not HelpRecord.objects.exists()


def test_the_help_log_gives_the_set_up_date_without_a_surgery(helper, place):
    from handover.queries import with_since_figures
    from handover.setup import set_up_newcomer

    from .conftest import newcomer_details

    record = set_up_newcomer(newcomer_details(place), helper)
    HelpRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 23, 30))
    )
    annotated = with_since_figures(HelpRecord.objects.filter(pk=record.pk)).get()
    assert annotated.since_summary().startswith("Set up on 4 March 2026; 0 issues since")
    assert "surgery" not in annotated.since_summary()
