"""The demo town in Urdu, Arabic and Polish, made with wagtail-localize as volunteers make it:
the home page and one page of each public type, and the centre facilities."""

import io
import re

from django.core.management import call_command

from wagtail.models import Locale, Page

import pytest

from home.demo import translate_page, translate_snippet
from home.models import CommunityCentrePage, Facility, HomePage

pytestmark = pytest.mark.django_db

LANGUAGES = {"ur": "rtl", "ar": "rtl", "pl": "ltr"}
# One page of each public type, by its English address.
TRANSLATED_PATHS = [
    "/",
    "/about/",
    "/handsworth/",
    "/handsworth/handsworth-village-hall/",
    "/handsworth/allotments-blog/",
    "/handsworth/allotments-blog/seed-swap-on-saturday/",
    "/handsworth/handsworth-surgery-for-tenants-and-residents-groups/",
]


def html_tag(html):
    return re.search(r"<html [^>]*>", html).group(0)


def test_arabic_and_polish_addresses_serve_the_translated_demo_home(demo_site, client):
    arabic = client.get("/ar/")
    assert arabic.status_code == 200
    html = arabic.content.decode()
    assert html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "أخبار أحياء برمنغهام والبلاك كانتري" in html
    assert "News from the neighbourhoods of Birmingham" not in html

    polish = client.get("/pl/")
    assert polish.status_code == 200
    html = polish.content.decode()
    assert html_tag(html) == '<html lang="pl" dir="ltr">'
    assert "Wiadomości z dzielnic Birmingham i Black Country" in html
    assert "News from the neighbourhoods of Birmingham" not in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_public_page_type_is_translated_with_nothing_left_in_english(demo_site, client, code):
    from wagtail_localize.models import Translation

    locale = Locale.objects.get(language_code=code)
    for path in TRANSLATED_PATHS:
        english = Page.objects.get(url_path=demo_site.url_path + path.lstrip("/"))
        translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=locale)
        total, translated = translation.get_progress()
        assert total and translated == total, (code, path)
        page = english.get_translation(locale)
        assert page.live and page.alias_of_id is None, (code, path)

        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, (code, path)
        html = response.content.decode()
        assert html_tag(html) == f'<html lang="{code}" dir="{LANGUAGES[code]}">', path
        assert f"<title>{page.title} |" in html, (code, path)


def test_the_translated_centre_lists_its_facilities_in_the_readers_language(demo_site, client):
    english = client.get("/handsworth/handsworth-village-hall/").content.decode()
    assert "<li>Kitchen <span" in english and "<li>Tables and chairs</li>" in english
    for code, kitchen, tables in (
        ("ur", "باورچی خانہ", "میزیں اور کرسیاں"),
        ("ar", "مطبخ", "طاولات وكراسٍ"),
        ("pl", "Kuchnia", "Stoły i krzesła"),
    ):
        html = client.get(f"/{code}/handsworth/handsworth-village-hall/").content.decode()
        assert f"<li>{kitchen} <span" in html and f"<li>{tables}</li>" in html, code
        assert "Kitchen" not in html and "Tables and chairs" not in html, code
    assert set(Facility.objects.values_list("locale__language_code", flat=True)) == {"en-gb", *LANGUAGES}


def test_running_the_demo_again_adds_no_translations(demo_site, tmp_path):
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    models = (Page, Facility, Translation, TranslationSource, StringTranslation)
    before = {model: model.objects.count() for model in models}
    call_command("load_demo", login_file=str(tmp_path / "demo-login"), stdout=io.StringIO())
    assert {model: model.objects.count() for model in models} == before


def test_without_its_home_page_a_language_is_a_404_again_not_english(demo_site, client):
    """The rule holds on the demo too: remove the Arabic home and /ar/ stops being served."""
    HomePage.objects.get(locale__language_code="ar").delete()
    for url in ("/ar/", "/ar/about/", "/ar/handsworth/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"News from the neighbourhoods" not in response.content, url
    assert client.get("/pl/").status_code == 200


def test_a_facility_without_a_translation_falls_back_to_its_source(centre, client, home_page):
    urdu = Locale.objects.get_or_create(language_code="ur")[0]
    words = {"Kingstanding Community Centre": "کنگز اسٹینڈنگ کمیونٹی سینٹر", "Free Wi-Fi": "مفت وائی فائی"}
    translate_snippet(Facility.objects.get(name="Free Wi-Fi"), urdu, words)
    translate_page(home_page, urdu, words)
    translate_page(centre.get_parent().specific, urdu, words)
    urdu_centre = translate_page(centre, urdu, words)

    assert {f.name for f in urdu_centre.facilities_in_page_language} == {"مفت وائی فائی", "Kitchen"}
    html = client.get(urdu_centre.url).content.decode()
    assert "<li>مفت وائی فائی</li>" in html and "<li>Kitchen</li>" in html and "Free Wi-Fi" not in html
    # The English centre is unchanged, and costs no query for translations.
    english = CommunityCentrePage.objects.get(pk=centre.pk)
    assert [f.name for f in english.facilities_in_page_language] == ["Free Wi-Fi", "Kitchen"]


def test_a_translated_surgery_and_its_centre_point_at_each_other_in_their_language(demo_site, client):
    hall = "/handsworth/handsworth-village-hall/"
    surgery = "/handsworth/handsworth-surgery-for-tenants-and-residents-groups/"
    html = client.get(f"/ar{surgery}").content.decode()
    assert f'<a href="/ar{hall}">قاعة قرية هاندسورث</a>' in html
    assert "Handsworth Village Hall" not in html

    # Each centre lists the surgery once, in its own language.
    english_hall = client.get(hall).content.decode()
    assert f'href="{surgery}"' in english_hall
    assert not re.search(r'href="/(ur|ar|pl)/handsworth/handsworth-surgery', english_hall)
    arabic_hall = client.get(f"/ar{hall}").content.decode()
    assert f'href="/ar{surgery}"' in arabic_hall and f'href="{surgery}"' not in arabic_hall
    assert "جلسة هاندسورث لمجموعات المستأجرين والسكان" in arabic_hall


def test_surgery_cards_name_a_translated_surgerys_centre_in_its_language_with_one_lookup(
    demo_site, client, django_assert_num_queries
):
    from surgeries.queries import upcoming_surgeries_below

    html = client.get("/ar/handsworth/").content.decode()
    cards = re.findall(r'<li class="card surgery-card.*?</li>', html, re.S)
    assert cards and all("Handsworth Village Hall" not in card for card in cards)
    assert any("قاعة قرية هاندسورث" in card for card in cards)

    # The listing brings every card's centre in the page's language: none is looked up per card.
    arabic_home = HomePage.objects.get(locale__language_code="ar")
    surgeries = list(upcoming_surgeries_below(arabic_home))
    assert surgeries
    with django_assert_num_queries(0):
        centres = {surgery.venue_in_page_language.title for surgery in surgeries if surgery.venue_id}
    assert "قاعة قرية هاندسورث" in centres and "Handsworth Village Hall" not in centres
