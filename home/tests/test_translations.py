"""Readers move between languages: the switcher, hreflang, the sitemap, and a 404 for a language
with no pages yet. Translations are made with wagtail-localize, as the admin's editor makes them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, PageViewRestriction

import pytest

from home.demo import add_child, translate_page
from home.models import StandardPage

pytestmark = pytest.mark.django_db

URDU_WORDS = {
    "Test Town": "ٹیسٹ ٹاؤن",
    "About": "ہمارے بارے میں",
    "We help neighbours.": "ہم پڑوسیوں کی مدد کرتے ہیں۔",
}


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en-gb", "ur", "ar", "pl")}


@pytest.fixture
def about(home_page):
    return add_child(
        home_page,
        StandardPage(title="About", slug="about", body=[("paragraph", "<p>We help neighbours.</p>")]),
    )


@pytest.fixture
def privacy(home_page):
    return add_child(home_page, StandardPage(title="Privacy", slug="privacy"))


@pytest.fixture
def urdu_about(locales, home_page, about):
    translate_page(home_page, locales["ur"], URDU_WORDS)
    return translate_page(about, locales["ur"], URDU_WORDS)


def switcher(html):
    """The language switcher's markup, or None when the page has none."""
    found = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return found.group(0) if found else None


def test_the_urdu_page_is_wagtail_localizes_translation_in_urdu_and_right_to_left(client, urdu_about):
    html = client.get("/ur/about/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "ہمارے بارے میں" in html and "ہم پڑوسیوں کی مدد کرتے ہیں۔" in html
    assert "We help neighbours." not in html


def test_switcher_links_each_translation_of_this_page_in_its_own_language(client, urdu_about):
    english = switcher(client.get("/about/").content.decode())
    assert english is not None
    assert re.search(r'<a href="/ur/about/" hreflang="ur" lang="ur" dir="rtl"[^>]*>اردو</a>', english)
    assert "/ar/" not in english and "/pl/" not in english
    assert 'href="/about/"' not in english, "no link to the page being read"

    urdu = switcher(client.get("/ur/about/").content.decode())
    assert re.search(r'<a href="/about/" hreflang="en-gb" lang="en-gb" dir="ltr"[^>]*>', urdu)


def test_no_switcher_on_a_page_without_translations(client, urdu_about, privacy):
    assert switcher(client.get("/privacy/").content.decode()) is None


def test_a_draft_or_private_translation_is_not_offered(client, urdu_about):
    urdu_about.unpublish()
    assert switcher(client.get("/about/").content.decode()) is None
    urdu_about.get_latest_revision().publish()
    PageViewRestriction.objects.create(page=urdu_about, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/about/").content.decode()
    assert switcher(html) is None
    assert "hreflang" not in html


def test_hreflang_pairs_in_the_head_point_both_ways(client, urdu_about):
    pairs = (
        '<link rel="alternate" hreflang="en-gb" href="http://testserver/about/">',
        '<link rel="alternate" hreflang="ur" href="http://testserver/ur/about/">',
    )
    for url in ("/about/", "/ur/about/"):
        head = client.get(url).content.decode().split("</head>")[0]
        for pair in pairs:
            assert pair in head, (url, pair)


def test_sitemap_lists_every_language_with_its_alternates(client, urdu_about, privacy):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    entries = dict(re.findall(r"<loc>(.*?)</loc>(.*?)</url>", xml, re.S))
    assert {"http://testserver/about/", "http://testserver/ur/about/", "http://testserver/ur/"} <= set(
        entries
    )
    for loc in ("http://testserver/about/", "http://testserver/ur/about/"):
        assert (
            '<xhtml:link rel="alternate" hreflang="en-gb" href="http://testserver/about/"/>' in entries[loc]
        )
        assert (
            '<xhtml:link rel="alternate" hreflang="ur" href="http://testserver/ur/about/"/>' in entries[loc]
        )
    assert "xhtml:link" not in entries["http://testserver/privacy/"]


def test_a_language_without_a_home_page_is_a_404_not_english(client, locales, urdu_about):
    for url in ("/ar/", "/pl/", "/ar/about/", "/pl/privacy/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"We help neighbours." not in response.content
    assert client.get("/ur/").status_code == 200
    assert client.get("/ur/about/").status_code == 200


def test_an_english_page_is_not_served_at_an_urdu_address(client, urdu_about, privacy):
    assert client.get("/ur/privacy/").status_code == 404


def test_the_language_is_kept_in_the_url_not_a_cookie(client, urdu_about):
    response = client.get("/ur/about/")
    assert not response.cookies
    assert "Accept-Language" not in response.get("Vary", "")
    # A browser that prefers Urdu (or carries Django's language cookie) still gets English at /about/.
    client.cookies["django_language"] = "ur"
    response = client.get("/about/", headers={"accept-language": "ur"})
    assert response.status_code == 200
    assert '<html lang="en-gb" dir="ltr">' in response.content.decode()
    assert not response.cookies


def test_the_switcher_and_hreflang_share_one_query_for_translations(client, urdu_about, privacy):
    def translation_queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        wheres = [q["sql"].split(" WHERE ", 1)[-1] for q in captured.captured_queries]
        return [
            w for w in wheres if w.startswith('("wagtailcore_page"."translation_key" = ') and " NOT " in w
        ]

    assert len(translation_queries("/privacy/")) == 1
    assert len(translation_queries("/about/")) == 1


def test_the_demo_urdu_pages_are_wagtail_localize_translations_with_nothing_left_in_english(
    demo_site, client
):
    from wagtail_localize.models import Translation

    about = StandardPage.objects.get(locale=demo_site.locale, slug="about")
    for page in (demo_site, about):
        translation = Translation.objects.get(
            source__object_id=page.translation_key, target_locale__language_code="ur"
        )
        total, translated = translation.get_progress()
        assert total and translated == total, page.title
    html = client.get("/ur/about/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html and "Who we help" not in html
    assert {"en-gb", "ur", "ar", "pl"} <= set(Locale.objects.values_list("language_code", flat=True))


def test_sitemap_addresses_are_the_pages_own_addresses(client, urdu_about, privacy, home_page):
    """The sitemap works addresses out from each page's path; they match Wagtail's, in every language."""
    from wagtail.models import Page

    add_child(home_page, StandardPage(title="Café", slug="café-news"))
    xml = client.get("/sitemap-pages.xml").content.decode()
    listed = set(re.findall(r"<loc>(.*?)</loc>", xml)) | set(re.findall(r'href="(.*?)"', xml))
    expected = {page.get_full_url() for page in Page.objects.live().public().filter(depth__gt=1)} - {None}
    assert "http://testserver/caf%C3%A9-news/" in expected
    assert (
        listed - {"http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.w3.org/1999/xhtml"} == expected
    )
