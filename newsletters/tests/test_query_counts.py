"""Every public page and feed runs a fixed number of queries however many posts there are."""

import pytest

pytestmark = pytest.mark.django_db

SIZES = [10, 100]

# Routing, site settings, navigation, breadcrumbs, translations, the listing, its count,
# and the pictures, tags and authors of the listed posts in bulk.
LISTING_CEILING = 20
# The same plus the post's publication, neighbours, authors and tags.
POST_CEILING = 23
# Scope, validators (one aggregate), the items, and their pictures, tags and authors in bulk.
FEED_CEILING = 12


def warm(client, url):
    """The first visit draws image renditions: a one-off cost, not one per reader."""
    assert client.get(url).status_code == 200, url


LISTING_PATHS = [
    "",
    "?page=2",
    "archive/",
    "archive/2020/",
    "archive/2020/2/",
    "tags/bins/",
    "authors/maureen-lewis/",
]


@pytest.mark.parametrize("count", SIZES)
def test_publication_listings_have_a_query_ceiling(client, make_posts, count, django_assert_max_num_queries):
    make_posts(count)
    for path in LISTING_PATHS:
        url = "/kingstanding/watch/" + path
        warm(client, url)
        with django_assert_max_num_queries(LISTING_CEILING, info=url):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_a_post_has_a_query_ceiling(client, make_posts, count, django_assert_max_num_queries):
    make_posts(count)
    url = f"/kingstanding/watch/issue-{count // 2}/"
    warm(client, url)
    with django_assert_max_num_queries(POST_CEILING):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_every_feed_has_a_query_ceiling(client, make_posts, feed_urls, count, django_assert_max_num_queries):
    make_posts(count)
    for url in feed_urls.values():
        warm(client, url)
        with django_assert_max_num_queries(FEED_CEILING, info=url):
            assert client.get(url).status_code == 200
