"""An address read again comes from the cache (cms/routing.py), and never outlives a change to the tree."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.models import PlacePage

pytestmark = pytest.mark.django_db

STREET = "/kingstanding/kings-road/"


@pytest.fixture
def street(place):
    street = place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road", live=False))
    street.save_revision().publish()
    return street


def page_queries(client, path):
    """The queries that read pages (routing) for one visit, and the visit's answer."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return [query for query in captured.captured_queries if '"wagtailcore_page"' in query["sql"]], response


def test_a_second_reader_of_an_address_gets_the_page_without_reading_the_tree(client, street):
    assert client.get(STREET).status_code == 200
    queries, response = page_queries(client, STREET)
    assert response.status_code == 200 and "<h1>Kings Road</h1>" in response.content.decode()
    assert queries == []


def test_signed_in_people_read_the_tree_each_time(client, street, admin_user):
    """They may see what a draft changed, which starts no new generation."""
    client.force_login(admin_user)
    client.get(STREET)
    queries, response = page_queries(client, STREET)
    assert response.status_code == 200 and queries


def test_the_next_reader_sees_a_published_change_a_move_and_an_unpublish(client, street, place, home_page):
    assert client.get(STREET).status_code == 200
    street.title = "Kings Road and Queens Road"
    street.save_revision().publish()
    assert "<h1>Kings Road and Queens Road</h1>" in client.get(STREET).content.decode()

    street.move(home_page, pos="last-child")
    moved = client.get(STREET)
    assert (moved.status_code, moved["Location"]) == (301, "/kings-road/")  # Wagtail's redirect
    assert client.get("/kings-road/").status_code == 200

    street.refresh_from_db()
    street.unpublish()
    assert client.get("/kings-road/").status_code == 404


def test_a_page_given_a_view_restriction_is_not_served_from_the_cache(client, street):
    assert client.get(STREET).status_code == 200
    PageViewRestriction.objects.create(page=street, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(STREET)
    assert response.status_code == 302 and "/login/" in response["Location"]
