"""A translated place page (made with wagtail-localize, under /ur/, /ar/ or /pl/) links to its
What changed page in the same language, as the English place page does, once a story is shared."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wagtail.models import Locale

import pytest

from handover.models import FollowUp, HelpRecord
from home.demo import translate_page

pytestmark = pytest.mark.django_db

STORY = "We have sent three issues to 40 homes on Elm Road."


@pytest.fixture
def translations(home_page, place):
    """The town and Kingstanding in Urdu, Arabic and Polish (titles left in English)."""
    pages = {}
    for code in ("ur", "ar", "pl"):
        locale = Locale.objects.get_or_create(language_code=code)[0]
        translate_page(home_page, locale, {})
        pages[code] = translate_page(place, locale, {})
    return pages


def shared_story(surgery, consent=True):
    record = HelpRecord.objects.create(
        surgery=surgery, helped_name="Maureen Lewis", created_at=timezone.now() - timedelta(weeks=6)
    )
    return FollowUp.objects.create(help_record=record, what_changed=STORY, consent_to_publish=consent)


def link_in(html):
    start = html.find('class="place-what-changed"')
    return html[start : html.find("</p>", start)] if start >= 0 else None


@pytest.mark.parametrize("code", ["ur", "ar", "pl"])
def test_a_translated_place_page_links_to_the_what_changed_page_in_its_language(
    client, place, surgery, translations, code
):
    translated = translations[code]
    assert translated.url == f"/{code}/kingstanding/"
    assert link_in(client.get(translated.url).content.decode()) is None  # no story yet, no link

    shared_story(surgery)
    html = client.get(translated.url).content.decode()
    with override(code):
        link = reverse("handover:place_what_changed", args=[translated.pk])
    assert link == f"/{code}/what-changed/place/{translated.pk}/"
    assert f'href="{link}"' in (link_in(html) or ""), html

    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'lang="{code}"' in text and "three issues to 40 homes" in text
    # The English place page keeps its own link, without a language prefix.
    english = link_in(client.get(place.url).content.decode())
    assert f'href="{reverse("handover:place_what_changed", args=[place.pk])}"' in english


def test_a_story_kept_private_links_no_translated_place_page(client, surgery, translations):
    shared_story(surgery, consent=False)
    for translated in translations.values():
        assert link_in(client.get(translated.url).content.decode()) is None


def test_a_story_told_at_a_translated_surgery_links_the_english_place_page_too(
    client, place, surgery, translations
):
    """Help logged at the Urdu copy of a surgery belongs to Kingstanding in every language."""
    urdu_surgery = translate_page(surgery, translations["ur"].locale, {})
    shared_story(urdu_surgery)
    english = link_in(client.get(place.url).content.decode())
    assert f'href="/what-changed/place/{place.pk}/"' in (english or "")
    polish = translations["pl"]
    assert f'href="/pl/what-changed/place/{polish.pk}/"' in (
        link_in(client.get(polish.url).content.decode()) or ""
    )
