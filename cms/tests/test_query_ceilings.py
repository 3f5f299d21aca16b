"""Every public page runs the same small number of queries with 10 items below it as with 100.

The town (``rich_site.build_rich_site``) is full of pictures: every post has its own
lead picture, publications have logos, rooms have photos, sub-places and centres
have header pictures, and the place is translated into Urdu. An anonymous reader
visits each page once (which draws its renditions: a one-off cost, not one per
reader), then the second visit is counted. The Django cache starts empty for each
test, so what the first visit put there (renditions, the menu, site settings, the
languages) is all the second one may reuse.

The site, its home page, its settings, the menu and the languages come from the
cache (``cms.site_cache``, ``cms.locales``), and so do, under the same cache generation
(``cms.site_cache.content_version``, renewed by any publish, unpublish, move or delete,
and by saving a restriction, a language, a picture or a centre's facility or hours):
the page view restrictions (``cms.visibility``), each page's live translations (hreflang
and the language switcher), a centre's hours, activities, facilities and rooms, and the
renditions the cards draw (Wagtail's own rendition cache, read in bulk by
``cms.renditions``). ``home/tests/test_cached_page_parts.py`` shows each change on the
next request. A page found below the home page makes one query for the pages along its
address and one for the page itself with its pictures (``cms.routing``): "routing". For an
address that names a page the second reader gets both from the cache; one answered by a
page's own routes (an archive, a tag) is routed each time. What the home, place and centre
pages list (``home/models/listings.py``) and a post's publication, neighbours, authors and
tags come from the cache under the same generation too. Each ceiling is the page's real
figure, the same with 10 items as with 100, and none of the queries is one per item.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from .rich_site import build_rich_site
from .shared_data import kept_for_the_module

SIZES = [10, 100]


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n} items" for n in SIZES])
def rich_site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """One picture-filled town per size, built once for the module and rolled back afterwards."""
    media = tmp_path_factory.mktemp("rich-media")
    with kept_for_the_module(django_db_blocker, media):
        site = build_rich_site(request.param)
        site.media = media
        yield site


@pytest.fixture
def visit(client, rich_site, settings, db):
    """``visit(name, ceiling)``: the page's response, after checking its second visit's queries."""
    settings.MEDIA_ROOT = rich_site.media

    def get(name, ceiling):
        url = rich_site.urls[name]
        assert client.get(url).status_code == 200, url  # draws renditions
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        sql = "\n".join(query["sql"] for query in captured.captured_queries)
        assert len(captured) <= ceiling, f"{url}: {len(captured)} queries, ceiling {ceiling}\n{sql}"
        return response

    return get


def test_home_page(visit, rich_site):
    """0: its listings come from the cache (five queries when it is cold: latest posts with their
    pictures, their named authors and their publications; upcoming surgeries with their venues;
    places with their pictures)."""
    html = visit("home", 0).content.decode()
    assert "Kingstanding" in html and f"Issue {rich_site.count}" in html


def test_place_page(visit, rich_site):
    """0: routing and the listings come from the cache (eight queries when it is cold: routing;
    centres, publications, latest posts with their pictures, upcoming surgeries with their
    venues, sub-places with their pictures, and the posts' named authors)."""
    html = visit("place", 0).content.decode()
    assert html.count('class="card centre-card"') == rich_site.count
    # Posts from elsewhere (its own blog's and its streets') come from the cache: no query.
    assert html.count('class="elsewhere-item"') == 5
    assert f"Street {rich_site.count - 1}" in html
    assert 'hreflang="ur"' in html


def test_translated_place_page(visit):
    """1: as the English place, plus the Urdu home page."""
    html = visit("place (Urdu)", 1).content.decode()
    assert 'lang="ur" dir="rtl"' in html
    assert html.count('class="elsewhere-item"') == 5  # the English place's blogs from elsewhere


def test_community_centre_page(visit, rich_site):
    """0: routing, its listings (publications, latest posts with their pictures, their named
    authors and their publications; upcoming surgeries) and its hours, exceptions, activities,
    facilities and rooms with their photos come from the cache."""
    html = visit("centre", 0).content.decode()
    assert html.count('class="card room-card"') == rich_site.count


LISTING_CEILINGS = {
    "publication": 0,
    "publication page 2": 0,
    "archive year": 5,
    "archive month": 5,
    "tag": 6,
    "author": 6,
}


@pytest.mark.parametrize("name", LISTING_CEILINGS)
def test_publication_listings(visit, name):
    """0: the publication (routing) and its page of posts, newest or older, come from the cache
    (two queries for the posts with their pictures and named authors when it is cold; a later
    page asks whether there are newer posts, three). A year or month is one of the
    publication's own routes, so it is routed (2), checks it has posts and reads them (5); a tag
    or author page looks the tag or author up as well (6)."""
    assert 'class="card post-card"' in visit(name, LISTING_CEILINGS[name]).content.decode()


def test_publication_archive(visit):
    """3: routing and the posts counted per month."""
    visit("archive", 3)


def test_post_page_and_its_print_edition(visit, rich_site):
    """0: routing (the post comes with its lead picture), its publication with the logo, the
    posts before and after it, named authors and tags come from the cache (seven queries when
    it is cold: ``PostPage.surroundings``). The print edition is the same page with print.css."""
    html = visit("post", 0).content.decode()
    assert rich_site.post.title in html and "Maureen Lewis" in html
    assert "print.css" in html


def test_surgery_page(visit):
    """1: the places already taken. Routing (with the venue) and the topics offered on the booking
    forms come from the cache."""
    assert "<form" in visit("surgery", 1).content.decode()


@pytest.mark.parametrize(
    ("name", "ceiling"), [("surgeries", 2), ("past surgeries", 2), ("place surgeries", 3)]
)
def test_surgery_lists(visit, name, ceiling):
    """2: the surgeries with their venues and their count; 3 with the place."""
    visit(name, ceiling)


def test_standard_page(visit):
    """1: the picture in its body."""
    assert "We began in a library." in visit("standard page", 1).content.decode()


@pytest.mark.postgres
def test_search(visit):
    """1: the results, their count and the filters, in one statement (PostgreSQL's full-text search,
    search/engine.py; on SQLite, for `make run`, Wagtail's own search backend answers instead)."""
    assert "Kingstanding" in visit("search", 1).content.decode()


def test_sitemap(visit):
    """4: the home pages in every language, the count, the page of pages and their translations
    (the hreflang alternates)."""
    visit("sitemap", 4)


def test_sitemap_page(visit):
    visit("sitemap page", 4)


FEED_CEILINGS = {
    "site RSS": 5,
    "site Atom": 5,
    "publication RSS": 5,
    "place RSS": 5,
    "author Atom": 6,
    "tag RSS": 7,
}


@pytest.mark.parametrize("name", FEED_CEILINGS)
def test_feeds(visit, name):
    """5: what the feed covers (the home page in the reader's language, or the publication or
    place), the date stamp for the ETag, then twenty posts with their pictures, their tags and
    their named authors (the enclosures' renditions come from the cache). An author feed looks
    the author up (6); a tag feed looks the tag up and gets its posts by tag in two steps (7)."""
    visit(name, FEED_CEILINGS[name])


@pytest.mark.parametrize(
    ("name", "ceiling"), [("site calendar", 1), ("place calendar", 2), ("surgery calendar", 2)]
)
def test_calendars(visit, name, ceiling):
    """1: the surgeries with their venues; 2 with the place; a single surgery's .ics is one of its
    page's own routes, so it is routed each time, its venue read with it (2)."""
    visit(name, ceiling)
