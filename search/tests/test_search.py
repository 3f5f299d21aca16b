from django.contrib.auth.models import Group

from wagtail.models import Locale, PageViewRestriction

import pytest

from home.models import PlacePage, StandardPage

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


@pytest.fixture
def pages(home_page):
    live = home_page.add_child(
        instance=StandardPage(
            title="Allotment society news", slug="allotments", intro="<p>Seeds and compost.</p>"
        )
    )
    draft = home_page.add_child(
        instance=StandardPage(title="Allotment draft plans", slug="allotment-draft", live=False)
    )
    private = home_page.add_child(instance=StandardPage(title="Allotment committee minutes", slug="minutes"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    groups_only = home_page.add_child(instance=PlacePage(title="Allotment staff area", slug="staff"))
    restriction = PageViewRestriction.objects.create(
        page=groups_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    return {"live": live, "draft": draft, "private": private}


def titles(response):
    return [result.title for result in response.context["search_results"]]


def test_search_finds_live_public_pages_only(client, pages):
    response = client.get("/search/", {"query": "allotment"})
    assert response.status_code == 200
    assert titles(response) == ["Allotment society news"]


def test_the_common_q_parameter_searches_too(client, pages):
    response = client.get("/search/", {"q": "allotment"})
    assert titles(response) == ["Allotment society news"]
    assert 'value="allotment"' in response.content.decode()


def test_search_results_may_be_shared_but_are_not_indexed(client, pages):
    response = client.get("/search/", {"query": "allotment"})
    directives = dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))
    assert "public" in directives
    # Kept a minute at most: the task worker indexes a published page a moment after the publish.
    assert directives["s-maxage"] == "60" and int(directives["max-age"]) <= 60
    assert b'<meta name="robots" content="noindex">' in response.content
    assert not response.cookies


def test_kept_results_show_a_page_published_since(client, pages, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 300  # Django's own page cache, as production runs with Redis
    first = client.get("/search/", {"query": "allotment"})
    again = client.get("/search/", {"query": "allotment"})
    assert "Age" not in first and "Age" in again, "the second search came from the page cache"
    assert titles(first) == ["Allotment society news"]

    open_day = home_page.add_child(
        instance=StandardPage(title="Allotment open day", slug="open-day", live=False)
    )
    open_day.save_revision().publish()

    after = client.get("/search/", {"query": "allotment"}).content.decode()
    assert "Allotment open day" in after and "Allotment society news" in after


def test_a_search_that_finds_nothing_is_never_kept_so_each_one_is_counted(client, pages, settings):
    from search.models import UnmatchedSearch

    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(3):
        response = client.get("/search/", {"query": "zebra crossing"})
        assert "no-store" in response["Cache-Control"] and "Age" not in response
    assert UnmatchedSearch.objects.get(query_string="zebra crossing").hits == 3


def test_search_only_returns_the_readers_language(client, home_page, pages):
    urdu = Locale.objects.create(language_code="ur")
    home_ur = home_page.copy_for_translation(urdu)
    home_ur.save_revision().publish()
    about = pages["live"].copy_for_translation(urdu)
    about.title = "Allotment society news (Urdu)"
    about.save_revision().publish()
    assert titles(client.get("/search/", {"query": "allotment"})) == ["Allotment society news"]
    assert titles(client.get("/ur/search/", {"query": "allotment"})) == ["Allotment society news (Urdu)"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", ""])
def test_a_bad_page_number_gives_a_valid_page(client, pages, page):
    response = client.get("/search/", {"query": "allotment", "page": page})
    assert response.status_code == 200
    assert titles(response) == ["Allotment society news"]


def test_empty_and_overlong_queries_are_handled(client, pages):
    assert client.get("/search/").status_code == 200
    response = client.get("/search/", {"query": "allotment " * 100})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= 200


def test_results_are_paginated(client, home_page):
    for number in range(12):
        home_page.add_child(instance=StandardPage(title=f"Bench repair {number}", slug=f"bench-{number}"))
    first = client.get("/search/", {"query": "bench"})
    second = client.get("/search/", {"query": "bench", "page": 2})
    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert b'rel="next" href="?query=bench&amp;page=2"' in first.content


@pytest.mark.postgres
def test_postgres_full_text_search_matches_word_forms(client, home_page):
    home_page.add_child(
        instance=StandardPage(title="Surgeries in March", slug="march", intro="<p>Helpers needed.</p>")
    )
    assert titles(client.get("/search/", {"query": "surgery"})) == ["Surgeries in March"]


def test_search_query_count_is_bounded(client, pages, django_assert_max_num_queries):
    client.get("/search/", {"query": "allotment"})
    with django_assert_max_num_queries(12):
        client.get("/search/", {"query": "allotment"})


def test_control_characters_in_the_query_are_ignored(client, pages):
    response = client.get("/search/", {"query": "allot\x00ment\x07 society"})
    assert response.status_code == 200
    assert response.context["search_query"] == "allot ment society"


def test_search_only_answers_get(client, pages):
    assert client.post("/search/", {"query": "allotment"}).status_code == 405
