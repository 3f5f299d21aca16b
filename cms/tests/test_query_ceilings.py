"""Every public page runs the same small number of queries with 10 items below it as with 100.

The town (``rich_site.build_rich_site``) is full of pictures: every post has its own
lead picture, publications have logos, rooms have photos, sub-places and centres
have header pictures, and the place is translated into Urdu. An anonymous reader
visits each page once (which draws its renditions: a one-off cost, not one per
reader), then the second visit is counted. The Django cache starts empty for each
test, so what the first visit put there (renditions, the menu, site settings, the
languages) is all the second one may reuse.

The site, its home page, its settings, the menu and the languages come from the
cache (``cms.site_cache``, ``cms.locales``). Every page then reads the page view
restrictions once (``cms.visibility``) and its live translations (for hreflang and
the language switcher): "the usual two" below. A page found below the home page
adds one query for the pages along its address and one for the page itself with its
pictures (``cms.routing``): "routing". Each ceiling is the page's real figure, the
same with 10 items as with 100; where it is above 8 the docstring says what the
queries are, and none of them is one per item.
"""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from .rich_site import build_rich_site

SIZES = [10, 100]


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n} items" for n in SIZES])
def rich_site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """One picture-filled town per size, built once for the module and rolled back afterwards."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("rich-media")
    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            site = build_rich_site(request.param)
            site.media = media
            yield site
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    settings.MEDIA_ROOT = old_media


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
    """9: the usual two; latest posts with their pictures, the cards' renditions, tags, named
    authors and publication names (one query each); upcoming surgeries with their venues; places."""
    html = visit("home", 9).content.decode()
    assert "Kingstanding" in html and f"Issue {rich_site.count}" in html


def test_place_page(visit, rich_site):
    """13: the usual two and routing; five listings (centres, publications, latest posts,
    upcoming surgeries, sub-places); for the post cards their renditions, tags, named authors
    and publication names (one query each)."""
    html = visit("place", 13).content.decode()
    assert html.count('class="card centre-card"') == rich_site.count
    assert f"Street {rich_site.count - 1}" in html
    assert 'hreflang="ur"' in html


def test_translated_place_page(visit):
    """10: as the English place, plus the Urdu home page, with nothing below it to list yet."""
    html = visit("place (Urdu)", 10).content.decode()
    assert 'lang="ur" dir="rtl"' in html


def test_community_centre_page(visit, rich_site):
    """19: the usual two and routing; opening hours, exceptions, activities, facilities, rooms,
    room photos, their images and the one rendition shown (one query each); the centre's
    publications, latest posts and their renditions, tags, authors and publication names;
    upcoming surgeries."""
    html = visit("centre", 19).content.decode()
    assert html.count('class="card room-card"') == rich_site.count


LISTING_CEILINGS = {
    "publication": 9,
    "publication page 2": 9,
    "archive year": 10,
    "archive month": 10,
    "tag": 11,
    "author": 11,
}


@pytest.mark.parametrize("name", LISTING_CEILINGS)
def test_publication_listings(visit, name):
    """9: the usual two and routing; one page of posts with their pictures, the count of
    pages, and the cards' renditions, tags and named authors (one query each). A year or
    month first checks it has posts (10); a tag or author page also looks the tag or author
    up (11)."""
    assert 'class="card post-card"' in visit(name, LISTING_CEILINGS[name]).content.decode()


def test_publication_archive(visit):
    """5: the usual two, routing and the posts counted per month."""
    visit("archive", 5)


def test_post_page_and_its_print_edition(visit, rich_site):
    """9: the usual two and routing (the post comes with its lead picture); its publication with
    the logo, the posts before and after it (one query each), named authors and tags. The print
    edition is the same page with print.css."""
    html = visit("post", 9).content.decode()
    assert rich_site.post.title in html and "Maureen Lewis" in html
    assert "print.css" in html


def test_surgery_page(visit):
    """7: the usual two and routing, the venue, the topics offered on the booking forms and the
    places already taken."""
    assert "<form" in visit("surgery", 7).content.decode()


@pytest.mark.parametrize(
    ("name", "ceiling"), [("surgeries", 3), ("past surgeries", 3), ("place surgeries", 4)]
)
def test_surgery_lists(visit, name, ceiling):
    """3: the page view restrictions, the surgeries with their venues and their count; 4 with the place."""
    visit(name, ceiling)


def test_standard_page(visit):
    """5: the usual two, routing and the picture in its body."""
    assert "We began in a library." in visit("standard page", 5).content.decode()


def test_search(visit):
    """3: the page view restrictions, the results and their count."""
    assert "Kingstanding" in visit("search", 3).content.decode()


def test_sitemap(visit):
    """5: the page view restrictions, the home pages in every language, the count, the page of
    pages and their translations (the hreflang alternates)."""
    visit("sitemap", 5)


def test_sitemap_page(visit):
    visit("sitemap page", 5)


FEED_CEILINGS = {
    "site RSS": 7,
    "site Atom": 7,
    "publication RSS": 7,
    "place RSS": 7,
    "author Atom": 8,
    "tag RSS": 9,
}


@pytest.mark.parametrize("name", FEED_CEILINGS)
def test_feeds(visit, name):
    """7: what the feed covers (the home page in the reader's language, or the publication or
    place), the page view restrictions, the date stamp for the ETag, then twenty posts with their
    pictures, and their enclosure renditions, tags and named authors. An author feed looks the
    author up (8); a tag feed looks the tag up and gets its posts by tag in two steps (9)."""
    visit(name, FEED_CEILINGS[name])


@pytest.mark.parametrize(
    ("name", "ceiling"), [("site calendar", 2), ("place calendar", 3), ("surgery calendar", 4)]
)
def test_calendars(visit, name, ceiling):
    """2: the page view restrictions and the surgeries with their venues; 3 with the place; a
    single surgery's .ics is routed like its page (4)."""
    visit(name, ceiling)
