"""Publication, tag and author listings go back page by page through "next" and "previous" links
that name the post next to the page, so the last page is as cheap as the first."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.site_cache import generation_cache
from newsletters.models import POSTS_PER_PAGE

pytestmark = pytest.mark.django_db

WATCH = "/kingstanding/watch/"
COUNT = POSTS_PER_PAGE * 2 + 5


def titles_in(response):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def link(response, rel):
    """The address of the page's rel="next" / rel="prev" link, or None."""
    match = re.search(rf'<a rel="{rel}" href="([^"]+)">', response.content.decode())
    return html.unescape(match[1]) if match else None


def absolute(base, href):
    return href if href.startswith("/") else base + href


@pytest.mark.parametrize("listing", ["", "tags/bins/", "authors/maureen-lewis/"])
def test_next_links_walk_every_post_once_and_previous_links_walk_back(client, make_posts, listing):
    make_posts(COUNT)
    base = WATCH + listing
    pages, url = [], base
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append((url, titles_in(response)))
        next_href = link(response, "next")
        url = absolute(base, next_href) if next_href else None
    assert [len(titles) for _, titles in pages] == [POSTS_PER_PAGE, POSTS_PER_PAGE, 5]
    assert [t for _, titles in pages for t in titles] == [f"Issue {n}" for n in range(COUNT, 0, -1)]
    assert link(client.get(base), "prev") is None

    # Back from the last page: the same pages, and the first under its own plain address.
    response = client.get(pages[-1][0])
    for _url, titles in reversed(pages[:-1]):
        previous = absolute(base, link(response, "prev"))
        response = client.get(previous)
        assert titles_in(response) == titles
    assert previous == base


def test_the_links_are_plain_links_in_a_labelled_navigation(client, make_posts):
    make_posts(COUNT)
    page = client.get(WATCH).content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', page, re.S)
    assert nav[1] == "Pages of results"
    assert 'href="?before=' in nav[2]
    assert "<script" not in nav[2]


@pytest.mark.parametrize(
    "query",
    [
        "before=abc",
        "before=2020-13-45,1",
        "before=2020-01-01",
        "before=2020-01-01,x",
        "after=" + "9" * 40,
        "before=2020-01-01,-3",
        "page=2",
    ],
)
def test_a_cursor_that_is_not_one_shows_the_newest_posts(client, make_posts, query):
    make_posts(COUNT)
    response = client.get(WATCH + "?" + query)
    assert response.status_code == 200
    assert titles_in(response)[0] == f"Issue {COUNT}"


@pytest.mark.parametrize(
    "query", ["before=1900-01-01,1", "after=2999-01-01,1", "before=2020-01-01,999999999999999999"]
)
def test_a_cursor_with_nothing_beyond_it_is_not_found(client, make_posts, query):
    make_posts(COUNT)
    assert client.get(WATCH + "?" + query).status_code == 404


def test_the_last_page_runs_the_queries_the_second_does(client, make_posts):
    make_posts(POSTS_PER_PAGE * 5)
    urls, url = [], WATCH
    while url:  # every page once: each draws its posts' pictures
        urls.append(url)
        href = link(client.get(url), "next")
        url = WATCH + href if href else None
    assert len(urls) == 5
    counts = []
    for url in (urls[1], urls[-1]):
        generation_cache().clear()  # each page read afresh, not from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] > 0
