"""Posts from elsewhere on the place page and in the place's feeds: marked, cleaned, linking out."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from home.models import PlacePage
from planet.models import ExternalFeed
from planet.tasks import read_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_parish(feed_server, add_feed):
    feed = add_feed(feed_server.url("/rss"), title="St Mark's")
    read_feed(feed)
    return feed


def test_the_place_page_lists_posts_from_elsewhere_marked_and_linking_out(client, read_parish):
    response = client.get("/kingstanding/")
    html = response.content.decode()
    assert "From elsewhere in the neighbourhood" in html
    assert (
        '<a href="http://parish.example.org/harvest-supper/" rel="nofollow ugc noopener">'
        "Harvest supper on Friday</a>"
    ) in html
    assert "From elsewhere</span>" in html and "St Mark&#x27;s" in html
    assert "Bring a dish to share. Everyone is welcome &amp; children too." in html
    assert "alert" not in html and "onerror" not in html
    assert not response.cookies


def test_a_place_shows_the_posts_of_the_places_below_it_but_not_above(client, place, feed_server, helper):
    street = place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    feed = ExternalFeed.objects.create(
        place=street, url=feed_server.url("/atom"), status=ExternalFeed.Status.APPROVED, added_by=helper
    )
    read_feed(feed)
    assert "Litter pick on Saturday" in client.get("/kingstanding/").content.decode()
    assert "Litter pick on Saturday" in client.get("/kingstanding/kings-road/").content.decode()
    sibling = place.add_child(instance=PlacePage(title="Perry Common", slug="perry-common"))
    assert "Litter pick" not in client.get(sibling.url).content.decode()


@pytest.mark.parametrize("status", [ExternalFeed.Status.PENDING, ExternalFeed.Status.PAUSED])
def test_posts_of_feeds_not_approved_are_not_shown(client, read_parish, status):
    read_parish.status = status
    read_parish.save()
    html = client.get("/kingstanding/").content.decode()
    assert "Harvest supper" not in html and "From elsewhere in the neighbourhood" not in html


def test_new_posts_show_at_once_and_cost_no_query_once_cached(client, place, feed_server, add_feed):
    client.get("/kingstanding/")
    with CaptureQueriesContext(connection) as without:
        client.get("/kingstanding/")
    read_feed(add_feed(feed_server.url("/rss")))
    assert "Harvest supper" in client.get("/kingstanding/").content.decode()  # not the old cached list
    with CaptureQueriesContext(connection) as with_items:
        assert "Harvest supper" in client.get("/kingstanding/").content.decode()
    assert len(with_items) == len(without)


def test_the_place_feeds_list_posts_from_elsewhere_marked_as_such(client, place, read_parish):
    rss = client.get(reverse("newsletters:place_rss", args=[place.pk])).content.decode()
    assert "<title>Harvest supper on Friday (from elsewhere: St Mark's)</title>" in rss
    assert "<link>http://parish.example.org/harvest-supper/</link>" in rss
    assert "<category>From elsewhere</category>" in rss
    assert "alert" not in rss
    atom = client.get(reverse("newsletters:place_atom", args=[place.pk])).content.decode()
    assert 'href="http://parish.example.org/harvest-supper/"' in atom


def test_the_place_feed_changes_its_etag_when_new_posts_arrive(client, place, feed_server, add_feed):
    url = reverse("newsletters:place_rss", args=[place.pk])
    etag = client.get(url)["ETag"]
    read_feed(add_feed(feed_server.url("/rss")))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_new_posts_purge_the_place_page_from_the_front_cache(
    feed_server, add_feed, place, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from cms import front_cache

    purged = []
    monkeypatch.setattr(front_cache, "purge_page_later", lambda page: purged.append(page.pk))
    feed = add_feed(feed_server.url("/rss"))
    read_feed(feed)
    assert purged == [place.pk]
    feed.refresh_from_db()
    read_feed(feed)  # 304: nothing new, nothing purged
    assert purged == [place.pk]


def test_purging_a_place_purges_its_feeds_and_those_of_the_places_above(place):
    from cms.front_cache import urls_showing

    street = place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    urls = urls_showing(street)
    for page in (street, place):
        for name in ("newsletters:place_rss", "newsletters:place_atom"):
            assert "http://testserver" + reverse(name, args=[page.pk]) in urls
