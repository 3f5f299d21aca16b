"""``x-default`` alternates, and alias pages (wagtail-localize's stand-ins for untranslated pages in a
translated tree) that say truthfully which language their words are in."""

import re

from wagtail.models import Locale

import pytest

from home.demo import add_child, translate_page
from home.models import StandardPage

pytestmark = pytest.mark.django_db

WORDS = {"Test Town": "ٹیسٹ ٹاؤن", "About": "ہمارے بارے میں", "Kingstanding": "کنگز اسٹینڈنگ"}


@pytest.fixture
def urdu(db):
    return Locale.objects.get_or_create(language_code="ur")[0]


@pytest.fixture
def about(home_page):
    return add_child(home_page, StandardPage(title="About", slug="about"))


@pytest.fixture
def urdu_about(urdu, home_page, about):
    translate_page(home_page, urdu, WORDS)
    return translate_page(about, urdu, WORDS)


@pytest.fixture
def urdu_place_alias(urdu, home_page, place):
    """Kingstanding left untranslated: the Urdu tree holds an alias of the English page."""
    translate_page(home_page, urdu, WORDS)
    place.save_revision().publish()
    alias = place.copy_for_translation(urdu, alias=True)
    assert alias.alias_of_id == place.pk and alias.live
    return alias


def head(html):
    return html.split("</head>")[0]


def test_x_default_points_to_the_default_language_in_every_language(client, urdu_about):
    x_default = '<link rel="alternate" hreflang="x-default" href="http://testserver/about/">'
    for url in ("/about/", "/ur/about/"):
        assert head(client.get(url).content.decode()).count(x_default) == 1, url


def test_no_x_default_on_a_page_without_translations(client, urdu_about):
    add_child(urdu_about.get_parent().get_translation(Locale.get_default()), StandardPage(title="Privacy"))
    assert "hreflang" not in head(client.get("/privacy/").content.decode())


def test_sitemap_alternates_include_x_default(client, urdu_about):
    xml = client.get("/sitemap-pages.xml").content.decode()
    entries = dict(re.findall(r"<loc>(.*?)</loc>(.*?)</url>", xml, re.S))
    x_default = '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/about/"/>'
    for loc in ("http://testserver/about/", "http://testserver/ur/about/"):
        assert entries[loc].count(x_default) == 1, loc


def test_an_alias_marks_its_words_as_the_language_they_are_written_in(client, urdu_place_alias):
    response = client.get("/ur/kingstanding/")
    assert response.status_code == 200
    html = response.content.decode()
    # The interface around it is Urdu; the page's own words are the English page's.
    assert '<html lang="ur" dir="rtl">' in html
    assert '<main id="main-content" tabindex="-1" lang="en-gb" dir="ltr">' in html
    assert "<h1>Kingstanding</h1>" in html or ">Kingstanding</h1>" in html
    # It is not a translation: no Urdu alternate is claimed, and search engines are sent to the original.
    assert "hreflang" not in head(html)
    assert '<link rel="canonical" href="http://testserver/kingstanding/">' in html
    # Readers can still move to the page in its own language.
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert re.search(r'<a href="/kingstanding/" hreflang="en-gb" lang="en-gb" dir="ltr"', switcher)


def test_the_english_page_does_not_offer_its_alias_as_a_translation(client, urdu_place_alias):
    html = client.get("/kingstanding/").content.decode()
    assert "/ur/kingstanding/" not in html
    assert '<main id="main-content" tabindex="-1">' in html


def test_a_translated_page_has_no_content_language_of_its_own(client, urdu_about):
    html = client.get("/ur/about/").content.decode()
    assert '<main id="main-content" tabindex="-1">' in html
