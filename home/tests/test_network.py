"""The network page and feeds: every town's upcoming surgeries, grouped, filtered and nearest first."""

import re
from datetime import timedelta

from django.utils import timezone

from wagtail.models import Page, Site

import feedparser
import icalendar
import pytest

from cms.tests.shared_data import copy_for_the_test, kept_for_the_module
from home.models import HomePage, PlacePage, Town
from surgeries.models import SurgeryPage

# Three towns on their own hosts, with their real map positions.
TOWNS = {
    "aston": ("Aston", "aston.example.org", 52.50500, -1.87100),
    "bilston": ("Bilston", "bilston.example.org", 52.56600, -2.07300),
    "coventry": ("Coventry", "coventry.example.org", 52.40680, -1.51970),
}
NETWORK = "/network/surgeries/"


def publish(page):
    page.save_revision().publish()
    return SurgeryPage.objects.get(pk=page.pk)


def add_surgery(parent, title, days):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    surgery = SurgeryPage(
        title=title, starts_at=start, ends_at=start + timedelta(hours=2), venue_address="Library\nHigh Street"
    )
    parent.add_child(instance=surgery)
    return publish(surgery)


@pytest.fixture(scope="module")
def three_towns(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module's tests."""
    media = tmp_path_factory.mktemp("network")
    with kept_for_the_module(django_db_blocker, media):
        yield {"media": media, "towns": make_three_towns()}


@pytest.fixture
def network(three_towns, db, settings):
    """{slug: (town, place)}, each town its own Site, with surgeries to come, one far ahead and one past."""
    return copy_for_the_test(three_towns, settings)["towns"]


def make_three_towns():
    root = Page.get_first_root_node()
    made = {}
    for index, (slug, (name, host, latitude, longitude)) in enumerate(TOWNS.items()):
        home = root.add_child(instance=HomePage(title=name, slug=slug))
        if index == 0:
            site = Site.objects.get(is_default_site=True)
            site.hostname, site.port, site.root_page = host, 80, home
            site.save()
        else:
            site = Site.objects.create(hostname=host, port=80, root_page=home)
        town = Town.objects.create(
            name=name, slug=slug, root_page=home, site=site, latitude=latitude, longitude=longitude
        )
        place = home.add_child(instance=PlacePage(title=f"{name} centre", slug="centre"))
        made[slug] = (town, place)
    add_surgery(made["aston"][1], "Aston surgery", 3)
    add_surgery(made["bilston"][1], "Bilston surgery", 2)
    add_surgery(made["bilston"][1], "Bilston summer surgery", 60)
    add_surgery(made["coventry"][1], "Coventry surgery", 5)
    add_surgery(made["coventry"][1], "Coventry surgery last week", -7)
    return made


def town_headings(body):
    return re.findall(r'<h2 id="town-[^"]+">([^<]+)</h2>', body)


def surgery_titles(body):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', body)


@pytest.mark.django_db
def test_every_towns_upcoming_surgeries_grouped_by_town_with_links_to_their_own_hosts(client, network):
    response = client.get(NETWORK, HTTP_HOST="aston.example.org")

    assert response.status_code == 200
    body = response.content.decode()
    assert town_headings(body) == ["Aston", "Bilston", "Coventry"]
    assert surgery_titles(body) == [
        "Aston surgery",
        "Bilston surgery",
        "Bilston summer surgery",
        "Coventry surgery",
    ]
    assert "Coventry surgery last week" not in body
    assert 'href="http://bilston.example.org/centre/bilston-surgery/"' in body
    assert 'href="http://coventry.example.org/centre/coventry-surgery/"' in body
    assert not response.cookies
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert int(re.search(r"s-maxage=(\d+)", cache_control).group(1)) <= 300
    # "Use my location" may ask the browser; embedded frames from elsewhere may not.
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_same_page_answers_on_every_towns_host(client, network):
    body = client.get(NETWORK, HTTP_HOST="coventry.example.org").content.decode()
    assert town_headings(body) == ["Aston", "Bilston", "Coventry"]
    assert 'href="webcal://coventry.example.org/network/surgeries/calendar.ics"' in body


@pytest.mark.django_db
def test_filtered_by_town(client, network):
    body = client.get(NETWORK, {"town": "bilston"}).content.decode()
    assert town_headings(body) == ["Bilston"]
    assert surgery_titles(body) == ["Bilston surgery", "Bilston summer surgery"]
    # The feeds offered follow the filters.
    assert 'href="/network/surgeries/rss/?town=bilston"' in body


@pytest.mark.django_db
def test_filtered_by_dates(client, network):
    today = timezone.localdate()
    body = client.get(
        NETWORK,
        {"starts_from": str(today + timedelta(days=3)), "starts_until": str(today + timedelta(days=30))},
    ).content.decode()
    assert surgery_titles(body) == ["Aston surgery", "Coventry surgery"]

    body = client.get(NETWORK, {"starts_from": str(today + timedelta(days=30))}).content.decode()
    assert surgery_titles(body) == ["Bilston summer surgery"]


@pytest.mark.django_db
def test_nearest_to_a_chosen_town_first(client, network):
    body = client.get(NETWORK, {"near": "coventry"}).content.decode()
    assert town_headings(body) == ["Coventry", "Aston", "Bilston"]
    assert "About 0 km away" in body
    assert "About 26 km away" in body  # Coventry to Aston

    body = client.get(NETWORK, {"near": "bilston"}).content.decode()
    assert town_headings(body) == ["Bilston", "Aston", "Coventry"]


@pytest.mark.django_db
def test_nearest_to_the_readers_own_position_first(client, network):
    # Wolverhampton: Bilston is the nearest town, Coventry the furthest.
    response = client.get(NETWORK, {"latitude": "52.5862", "longitude": "-2.1288"})
    assert response.status_code == 200
    assert town_headings(response.content.decode()) == ["Bilston", "Aston", "Coventry"]
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"starts_from": "next tuesday"},
        {"latitude": "200", "longitude": "0"},
        {"latitude": "52.5"},
        {"town": "atlantis"},
        {"starts_from": "2030-05-02", "starts_until": "2030-05-01"},
    ],
)
def test_bad_filters_are_explained_with_a_400(client, network, query):
    response = client.get(NETWORK, query)
    assert response.status_code == 400
    assert "Please check the filters below." in response.content.decode()
    for feed in ("rss/", "atom/", "calendar.ics"):
        answer = client.get(NETWORK + feed, query)
        assert answer.status_code == 400
        assert "These filters are not valid" in answer.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_news_feeds_hold_every_towns_surgeries(client, network, kind):
    response = client.get(f"{NETWORK}{kind}/", HTTP_HOST="aston.example.org")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Bilston: Bilston surgery",
        "Aston: Aston surgery",
        "Coventry: Coventry surgery",
        "Bilston: Bilston summer surgery",
    ]
    links = {entry.title: entry.link for entry in feed.entries}
    assert links["Coventry: Coventry surgery"] == "http://coventry.example.org/centre/coventry-surgery/"
    assert links["Aston: Aston surgery"] == "http://aston.example.org/centre/aston-surgery/"

    filtered = feedparser.parse(client.get(f"{NETWORK}{kind}/", {"town": "coventry"}).content)
    assert [entry.title for entry in filtered.entries] == ["Coventry: Coventry surgery"]


@pytest.mark.django_db
def test_calendar_feed_holds_every_towns_surgeries(client, network):
    response = client.get(f"{NETWORK}calendar.ics", HTTP_HOST="aston.example.org")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Bilston surgery",
        "Aston surgery",
        "Coventry surgery",
        "Bilston summer surgery",
    ]
    uids = {str(event["SUMMARY"]): str(event["UID"]) for event in events}
    # One UID per surgery, made of the install's domain and not the town's host.
    assert len(set(uids.values())) == 4 and all(uid.endswith("@testserver") for uid in uids.values())

    near = icalendar.Calendar.from_ical(client.get(f"{NETWORK}calendar.ics", {"town": "aston"}).content)
    assert [str(event["SUMMARY"]) for event in near.walk("VEVENT")] == ["Aston surgery"]


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_more_surgeries(client, network, django_assert_max_num_queries):
    client.get(NETWORK)  # fills the caches of site addresses and settings
    with django_assert_max_num_queries(4) as few:
        client.get(NETWORK, {"starts_from": "2000-01-01"})
    for n in range(4):
        add_surgery(network["aston"][1], f"Extra {n}", 10 + n)
    client.get(NETWORK)
    with django_assert_max_num_queries(max(2, len(few.captured_queries))):
        assert "Extra 3" in client.get(NETWORK, {"starts_from": "2000-01-02"}).content.decode()
