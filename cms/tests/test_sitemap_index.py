"""/sitemap.xml is an index of sitemap pages, so a site of any size is listed whole."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

pytestmark = pytest.mark.django_db


def locs(xml):
    return re.findall(r"<loc>(.*?)</loc>", xml)


@pytest.fixture
def five_places(home_page, settings):
    """Home and five places (six pages), listed two to a sitemap page, plus one private place."""
    from home.models import PlacePage

    settings.SITEMAP_URLS_PER_PAGE = 4
    for n in range(5):
        home_page.add_child(instance=PlacePage(title=f"Place {n}", slug=f"place-{n}"))
    private = home_page.add_child(instance=PlacePage(title="Members only", slug="members-only"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    Page.objects.update(last_published_at=timezone.now())
    return home_page


def test_the_index_links_every_sitemap_page(client, five_places):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<sitemapindex" in xml
    assert locs(xml) == ["http://testserver/sitemap-pages.xml", "http://testserver/sitemap-pages.xml?p=2"]
    assert "<lastmod>" in xml


def test_the_pages_together_list_every_public_page_once(client, five_places):
    first = locs(client.get("/sitemap-pages.xml").content.decode())
    second = locs(client.get("/sitemap-pages.xml?p=2").content.decode())
    assert len(first) == 4
    assert len(second) == 2
    assert sorted(first + second) == sorted(
        ["http://testserver/"] + [f"http://testserver/place-{n}/" for n in range(5)]
    )


def test_restricted_pages_are_never_listed(client, five_places):
    for url in ("/sitemap-pages.xml", "/sitemap-pages.xml?p=2"):
        assert "members-only" not in client.get(url).content.decode()


def test_index_and_pages_are_publicly_cacheable(client, five_places):
    for url in ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-pages.xml?p=2"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        assert "public" in response["Cache-Control"], url
        assert "s-maxage" in response["Cache-Control"], url
        assert response.has_header("Last-Modified"), url
        assert not response.cookies


@pytest.mark.parametrize("query", ["?p=3", "?p=0", "?p=abc", "?p=" + "9" * 30])
def test_a_page_past_the_end_or_not_a_number_is_a_404(client, five_places, query):
    assert client.get("/sitemap-pages.xml" + query).status_code == 404


def test_an_unknown_section_is_a_404(client, five_places):
    assert client.get("/sitemap-posts.xml").status_code == 404


def test_the_index_costs_the_same_queries_however_many_pages(
    client, five_places, django_assert_max_num_queries
):
    from home.models import PlacePage

    client.get("/sitemap.xml")
    with django_assert_max_num_queries(6) as small:
        client.get("/sitemap.xml")
    for n in range(5, 25):
        five_places.add_child(instance=PlacePage(title=f"Place {n}", slug=f"place-{n}"))
    with django_assert_max_num_queries(len(small)):
        xml = client.get("/sitemap.xml").content.decode()
    assert len(locs(xml)) == 7


def test_a_sitemap_page_costs_the_same_queries_however_many_pages_it_lists(client, five_places, settings):
    from home.models import PlacePage

    settings.SITEMAP_URLS_PER_PAGE = 100
    client.get("/sitemap-pages.xml")
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap-pages.xml")
    for n in range(5, 25):
        five_places.add_child(instance=PlacePage(title=f"Place {n}", slug=f"place-{n}"))
    with CaptureQueriesContext(connection) as many:
        xml = client.get("/sitemap-pages.xml").content.decode()
    assert len(locs(xml)) == 26
    assert len(many) == len(few), [q["sql"][:300] for q in many.captured_queries]
