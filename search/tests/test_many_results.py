"""A word in thousands of pages: the first CAP matches are ranked and counted, and the page says
"more than" instead of counting every match on every search (search/engine.py, CAP)."""

import datetime

import pytest

from home.models import PlacePage, StandardPage
from newsletters.models import PostPage, PublicationPage
from search import engine

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.search_index]


@pytest.fixture
def five_posts(place, monkeypatch):
    monkeypatch.setattr(engine, "CAP", 3)
    oscott = place.add_child(instance=PlacePage(title="Oscott", slug="oscott"))
    watch = oscott.add_child(instance=PublicationPage(title="Oscott Watch", slug="watch"))
    for n in range(5):
        watch.add_child(
            instance=PostPage(title=f"Bin day {n}", slug=f"bins-{n}", date=datetime.date(2026, 3, n + 1))
        )
    return {"oscott": oscott, "watch": watch}


def test_past_the_cap_the_page_says_more_than(client, five_posts):
    response = client.get("/search/", {"query": "bin"})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.more and outcome.total == 3
    assert len(response.context["search_results"]) == 3
    assert "More than 3 results" in response.content.decode()
    # No counts that would be wrong, but every place and publication is still offered.
    assert outcome.kind_counts == {}
    assert [(title, count) for _id, title, count in outcome.place_counts] == [("Kingstanding", None)]
    assert [(title, count) for _id, title, count in outcome.publication_counts] == [("Oscott Watch", None)]
    assert f'<option value="{five_posts["watch"].id}">Oscott Watch</option>' in response.content.decode()


def test_under_the_cap_everything_is_counted(client, five_posts):
    response = client.get("/search/", {"query": "bin", "from": "2026-03-04"})
    outcome = response.context["outcome"]
    assert not outcome.more and outcome.total == 2
    assert "2 results" in response.content.decode()
    assert "More than" not in response.content.decode()
    assert outcome.kind_counts == {"news": 2}
    assert [(title, count) for _id, title, count in outcome.place_counts] == [("Kingstanding", 2)]
    assert [(title, count) for _id, title, count in outcome.publication_counts] == [("Oscott Watch", 2)]


def test_a_date_range_finds_each_day_once(client, five_posts):
    response = client.get("/search/", {"query": "bin", "from": "2026-03-02", "to": "2026-03-03"})
    assert sorted(result.title for result in response.context["search_results"]) == ["Bin day 1", "Bin day 2"]


def test_past_the_cap_with_a_kind_chosen(client, five_posts):
    response = client.get("/search/", {"query": "bin", "kind": "news"})
    outcome = response.context["outcome"]
    assert outcome.more and outcome.total == 3
    assert outcome.kind_counts == {}
    assert "More than 3 results" in response.content.decode()


def test_other_kinds_past_the_cap_leave_the_kind_counts_out(client, five_posts):
    five_posts["oscott"].add_child(instance=StandardPage(title="Bin collection days", slug="bin-days"))
    response = client.get("/search/", {"query": "bin", "kind": "pages"})
    outcome = response.context["outcome"]
    assert not outcome.more and outcome.total == 1
    assert [result.title for result in response.context["search_results"]] == ["Bin collection days"]
    assert outcome.kind_counts == {}  # 5 news and 1 page: more than 3 matches, counted no further
    assert [(title, count) for _id, title, count in outcome.place_counts] == [("Kingstanding", 1)]
