from wagtail.models import Page

import pytest

from home.models import PlacePage, StandardPage

pytestmark = pytest.mark.django_db

# Routing, site settings, navigation, translations, breadcrumbs and the listings
# (places, centres, latest posts, upcoming surgeries): the same for 1 child page as for 25.
PAGE_QUERY_CEILING = 22


def test_home_page_lists_its_places(client, home_page, place):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Kingstanding" in response.content
    assert b'href="/kingstanding/"' in response.content


def test_place_page_lists_sub_places_and_breadcrumbs(client, place):
    place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    response = client.get("/kingstanding/")
    assert response.status_code == 200
    assert b"Places in Kingstanding" in response.content
    assert b"Kings Road" in response.content
    assert b'aria-label="Breadcrumb"' in response.content


def test_draft_and_private_places_are_not_listed(client, home_page, place):
    draft = home_page.add_child(instance=PlacePage(title="Secret Estate", slug="secret", live=False))
    assert not Page.objects.get(pk=draft.pk).live
    response = client.get("/")
    assert b"Secret Estate" not in response.content


def test_standard_page_renders_its_body(client, home_page):
    home_page.add_child(
        instance=StandardPage(
            title="About",
            slug="about",
            intro="<p>Who we are.</p>",
            body=[
                ("heading", {"text": "Our story", "level": "h3"}),
                ("paragraph", "<p>We began in a library.</p>"),
                ("quote", {"text": "Best morning of my year.", "attribution": "Pat"}),
            ],
        )
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h3>Our story</h3>" in html
    assert "We began in a library." in html
    assert "Best morning of my year." in html


@pytest.mark.parametrize("count", [1, 25])
def test_place_page_query_count_does_not_grow_with_sub_places(
    client, place, count, django_assert_max_num_queries
):
    for number in range(count):
        place.add_child(instance=PlacePage(title=f"Street {number}", slug=f"street-{number}"))
    client.get("/kingstanding/")  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(PAGE_QUERY_CEILING):
        response = client.get("/kingstanding/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_home_page_query_count_does_not_grow_with_places(
    client, home_page, count, django_assert_max_num_queries
):
    for number in range(count):
        home_page.add_child(instance=PlacePage(title=f"Area {number}", slug=f"area-{number}"))
    client.get("/")
    with django_assert_max_num_queries(PAGE_QUERY_CEILING):
        assert client.get("/").status_code == 200


def test_standard_page_query_ceiling(client, home_page, django_assert_max_num_queries):
    home_page.add_child(instance=StandardPage(title="Privacy", slug="privacy"))
    client.get("/privacy/")
    with django_assert_max_num_queries(PAGE_QUERY_CEILING):
        assert client.get("/privacy/").status_code == 200
