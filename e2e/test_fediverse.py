"""The fediverse address on a publication page: plain text and link, axe clean, no script, no cookie."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_publication():
    from newsletters.models import PublicationPage

    publications = PublicationPage.objects.live().public().filter(locale__language_code="en-gb")
    return publications.order_by("path").first()


def test_publication_page_with_its_handle_passes_axe(demo_live_server, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    publication = a_publication()
    axe_page.goto(demo_live_server.url + publication.url)
    box = axe_page.locator(".fediverse-follow")
    assert f"@{publication.slug}@" in box.inner_text()
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()


def test_handle_needs_no_javascript_and_sets_no_cookie(demo_live_server, no_js_page):
    publication = a_publication()
    no_js_page.goto(demo_live_server.url + publication.url)
    box = no_js_page.locator(".fediverse-follow")
    assert box.get_by_role("heading", name="Follow on Mastodon").is_visible()
    assert box.locator("script").count() == 0
    assert box.get_by_role("link", name="What is the fediverse?").get_attribute("href").startswith("https://")
    assert no_js_page.context.cookies() == []


def test_follow_links_to_linked_accounts_and_a_places_handle_pass_axe_with_no_script(
    demo_live_server, axe_page, no_js_page
):
    from axe_playwright_python.sync_playwright import Axe

    from crossposting import vault
    from crossposting.models import Account
    from home.models import PlacePage

    publication = a_publication()
    Account.objects.create(
        publication=publication,
        service=Account.Service.MASTODON,
        server="https://mastodon.example",
        handle="@watch@mastodon.example",
        profile_url="https://mastodon.example/@watch",
        encrypted_secret=vault.encrypt("not-shown"),
    )
    place = PlacePage.objects.live().filter(locale__language_code="en-gb").order_by("path").first()
    for url in (publication.url, place.url):
        axe_page.goto(demo_live_server.url + url)
        results = Axe().run(axe_page)
        assert results.violations_count == 0, results.generate_report()

    no_js_page.goto(demo_live_server.url + publication.url)
    links = no_js_page.locator(".crossposting-follow")
    assert links.get_by_role("link", name="@watch@mastodon.example on Mastodon").get_attribute("href") == (
        "https://mastodon.example/@watch"
    )
    assert links.locator("script").count() == 0
    assert "not-shown" not in no_js_page.content()
    no_js_page.goto(demo_live_server.url + place.url)
    assert f"@{place.slug}@" in no_js_page.locator(".fediverse-follow").inner_text()
    assert no_js_page.context.cookies() == []
