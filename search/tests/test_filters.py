"""Residents narrow a search by kind, place, publication and date, and see what each result is."""

import datetime

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from home.models import PlacePage, StandardPage
from newsletters.models import PostPage, PublicationPage
from search.engine import highlight
from search.models import UnmatchedSearch
from search.suggestions import refresh_terms

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.search_index]


@pytest.fixture
def town(home_page, place):
    oscott = place.add_child(instance=PlacePage(title="Oscott", slug="oscott"))
    watch = oscott.add_child(instance=PublicationPage(title="Oscott Watch", slug="watch"))
    other = place.add_child(instance=PublicationPage(title="Kingstanding News", slug="news"))
    march = watch.add_child(
        instance=PostPage(
            title="Allotment open day",
            slug="open-day",
            date=datetime.date(2026, 3, 4),
            intro=(
                "<p>Come to the allotment <b>open</b> day: fish &amp; chips "
                "&lt;script&gt;alert(1)&lt;/script&gt;.</p>"
            ),
        )
    )
    may = other.add_child(
        instance=PostPage(title="Allotment prizes", slug="prizes", date=datetime.date(2026, 5, 9))
    )
    about = home_page.add_child(instance=StandardPage(title="About allotment plots", slug="about"))
    refresh_terms()
    return {"oscott": oscott, "watch": watch, "march": march, "may": may, "about": about}


def results(client, **params):
    response = client.get("/search/", {"query": "allotment", **params})
    assert response.status_code == 200, response.content
    return response, sorted(result.title for result in response.context["search_results"])


def test_kind_filter_keeps_only_that_kind(client, town):
    _, found = results(client, kind="news")
    assert found == ["Allotment open day", "Allotment prizes"]
    _, found = results(client, kind="pages")
    assert found == ["About allotment plots"]


def test_place_filter_includes_the_places_under_it(client, town, place):
    _, found = results(client, place=place.id)
    assert found == ["Allotment open day", "Allotment prizes"]
    _, found = results(client, place=town["oscott"].id)
    assert found == ["Allotment open day"]


def test_publication_filter(client, town):
    _, found = results(client, publication=town["watch"].id)
    assert found == ["Allotment open day"]


def test_date_filter_uses_the_post_date(client, town):
    _, found = results(client, **{"from": "2026-04-01", "to": "2026-12-31", "kind": "news"})
    assert found == ["Allotment prizes"]


def test_with_dates_the_kind_menu_counts_every_kind_in_those_dates(client, town):
    from django.utils import timezone

    town["about"].__class__.objects.filter(id=town["about"].id).update(
        first_published_at=timezone.make_aware(datetime.datetime(2026, 6, 1, 12))
    )
    response, found = results(client, **{"from": "2026-04-01", "to": "2026-06-30", "kind": "news"})
    assert found == ["Allotment prizes"]
    assert response.context["outcome"].kind_counts == {"news": 1, "pages": 1}
    response, found = results(client, **{"from": "2026-03-01", "to": "2026-03-31", "kind": "pages"})
    assert found == []
    assert response.context["outcome"].kind_counts == {"news": 1}


def test_results_show_kind_place_date_and_the_filter_counts(client, town):
    response, _ = results(client, kind="news")
    page = response.content.decode()
    assert 'News · Oscott · <time datetime="2026-03-04">4 March 2026</time>' in page
    outcome = response.context["outcome"]
    assert outcome.kind_counts == {"news": 2, "pages": 1}
    assert [title for _id, title, _n in outcome.publication_counts] == ["Kingstanding News", "Oscott Watch"]


def test_snippet_highlights_the_words_and_escapes_the_page_text(client, town):
    response, _ = results(client, publication=town["watch"].id)
    page = response.content.decode()
    assert "<mark>allotment</mark>" in page
    assert "<script>alert(1)" not in page
    snippet = str(response.context["search_results"][0].snippet)
    assert "fish &amp; chips" in snippet
    assert "<script" not in snippet


def test_highlighting_escapes_everything_but_its_own_marks():
    snippet = highlight('<img src=x onerror="alert(1)"> \u27e6plot\u27e7')
    assert snippet == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>plot</mark>"


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "spaceships"},
        {"place": "abc"},
        {"place": "999999"},
        {"publication": "-1"},
        {"from": "yesterday"},
        {"from": "2026-05-01", "to": "2026-04-01"},
    ],
)
def test_bad_filters_get_a_message_and_400(client, town, params):
    response = client.get("/search/", {"query": "allotment", **params})
    assert response.status_code == 400
    assert b'role="alert"' in response.content


def test_a_misspelt_word_gets_did_you_mean(client, town):
    response = client.get("/search/", {"query": "alotment"})
    assert response.context["suggestion"] == "allotment"
    assert b'href="?query=allotment"' in response.content


def test_editors_promoted_result_comes_first(client, town):
    SearchPromotion.objects.create(
        query=Query.get("Allotments"), page=town["about"], description="Rules for plot holders."
    )
    response = client.get("/search/", {"query": "allotments"})
    page = response.content.decode()
    assert "Recommended" in page
    assert page.index("Rules for plot holders.") < page.index('class="search-results"')


def test_changing_a_promotion_drops_every_kept_search(
    client, town, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import re

    from cms import front_cache

    banned, ban = [], front_cache.ban

    def recorded(site, pattern):
        banned.append((site.pk, pattern))
        ban(site, pattern)

    monkeypatch.setattr(front_cache, "ban", recorded)
    settings.PAGE_CACHE_SECONDS = 300
    assert "Rules for plot holders." not in client.get("/search/", {"query": "allotments"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        promotion = SearchPromotion.objects.create(
            query=Query.get("Allotments"), page=town["about"], description="Rules for plot holders."
        )
    assert "Rules for plot holders." in client.get("/search/", {"query": "allotments"}).content.decode()
    [(_site, pattern)] = banned
    assert re.match(pattern, "/search/?query=allotments") and re.match(pattern, "/ur/search/?query=x")
    assert not re.match(pattern, "/kingstanding/")

    with django_capture_on_commit_callbacks(execute=True):
        promotion.delete()
    assert len(banned) == 2


def test_searches_with_no_results_are_listed_for_editors(client, town, admin_client):
    client.get("/search/", {"query": "Skate park"})
    client.get("/search/", {"query": "skate park"})
    entry = UnmatchedSearch.objects.get()
    assert (entry.query_string, entry.hits) == ("skate park", 2)
    assert b"skate park" in admin_client.get("/admin/unmatched_searches/").content
    # A record of what residents typed: listed and inspected, never added or edited by hand.
    assert admin_client.get("/admin/unmatched_searches/add/").status_code == 404


def test_the_search_uses_two_queries(client, town, django_assert_max_num_queries):
    client.get("/search/", {"query": "allotment", "kind": "news"})
    with django_assert_max_num_queries(2):
        client.get("/search/", {"query": "allotment", "kind": "news"})


def test_the_place_and_publication_menus_escape_titles(client, town, place):
    type(town["watch"]).objects.filter(id=town["watch"].id).update(title="Oscott <Watch> & Co")
    response, _ = results(client)
    page = response.content.decode()
    assert f'<option value="{town["watch"].id}">Oscott &lt;Watch&gt; &amp; Co (1)</option>' in page
    assert f'<option value="{place.id}">Kingstanding (2)</option>' in page
    assert "<Watch>" not in page
