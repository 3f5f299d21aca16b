"""`manage.py refresh_search_terms` rebuilds the words 'did you mean' can offer; the demo has them."""

import io

from django.core.management import call_command

import pytest

from home.models import StandardPage
from search.models import SearchTerm
from search.suggestions import did_you_mean

pytestmark = pytest.mark.django_db


def test_refresh_keeps_only_words_of_live_titles_and_prints_a_summary(home_page):
    home_page.add_child(instance=StandardPage(title="Allotment waiting list", slug="allotments"))
    gone = home_page.add_child(instance=StandardPage(title="Bonfire night", slug="bonfire"))
    gone.unpublish()
    SearchTerm.objects.create(word="skateboard")  # from a page deleted since
    out = io.StringIO()
    call_command("refresh_search_terms", stdout=out)
    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert {"allotment", "waiting", "list"} <= words
    assert not {"bonfire", "skateboard"} & words
    assert f"knows {len(words):,} words" in out.getvalue()


def test_refresh_is_silent_at_verbosity_zero(home_page):
    out = io.StringIO()
    call_command("refresh_search_terms", verbosity=0, stdout=out)
    assert out.getvalue() == ""


@pytest.mark.postgres
def test_a_fresh_demo_town_suggests_a_place_for_a_misspelt_name(demo_site):
    assert did_you_mean("kingstandng") == "kingstanding"
