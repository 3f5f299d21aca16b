"""The network surgeries page in a browser: axe-clean, usable without JavaScript, and "Use my location"."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from wagtail.models import Page, Site

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NETWORK = "/network/surgeries/"


@pytest.fixture
def network_server(live_server):
    """Aston (served at the live server's address), Bilston and Coventry, each with a surgery to come."""
    from home.models import HomePage, PlacePage, Town
    from surgeries.models import SurgeryPage

    address = urlsplit(live_server.url)
    root = Page.get_first_root_node()
    towns = [
        ("Aston", "aston", (address.hostname, address.port), 52.505, -1.871),
        ("Bilston", "bilston", ("bilston.example.org", 80), 52.566, -2.073),
        ("Coventry", "coventry", ("coventry.example.org", 80), 52.4068, -1.5197),
    ]
    for index, (name, slug, (host, port), latitude, longitude) in enumerate(towns):
        home = root.add_child(instance=HomePage(title=name, slug=slug))
        home.save_revision().publish()
        if index == 0:
            site = Site.objects.get(is_default_site=True)
            site.hostname, site.port, site.root_page = host, port, home
            site.save()
        else:
            site = Site.objects.create(hostname=host, port=port, root_page=home)
        Town.objects.create(
            name=name, slug=slug, root_page=home, site=site, latitude=latitude, longitude=longitude
        )
        place = home.add_child(instance=PlacePage(title=f"{name} centre", slug="centre"))
        place.save_revision().publish()
        start = (timezone.now() + timedelta(days=index + 2)).replace(microsecond=0)
        surgery = SurgeryPage(
            title=f"{name} surgery",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue_address="Library",
        )
        place.add_child(instance=surgery)
        surgery.save_revision().publish()
    return live_server


def town_headings(page):
    return page.locator("h2[id^=town-]").all_inner_texts()


def test_the_network_page_passes_axe(network_server, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    for query in ("", "?near=coventry", "?starts_from=soon"):
        axe_page.goto(network_server.url + NETWORK + query)
        results = Axe().run(axe_page)
        assert results.violations_count == 0, (query, results.response["violations"])


def test_nearest_town_first_without_javascript_and_no_cookie(network_server, no_js_page):
    page = no_js_page
    page.goto(network_server.url + NETWORK)
    assert town_headings(page) == ["Aston", "Bilston", "Coventry"]
    assert page.get_by_role("button", name="Use my location").count() == 0
    page.get_by_label("Nearest to").select_option(label="Coventry")
    # Each press loads a new page: wait for its list rather than reading the one being left.
    page.get_by_role("button", name="Show surgeries").click()
    expect(page.locator("h2[id^=town-]")).to_have_text(["Coventry", "Aston", "Bilston"])
    page.get_by_label("Town").select_option(label="Bilston")
    page.get_by_role("button", name="Show surgeries").click()
    expect(page.locator("h2[id^=town-]")).to_have_text(["Bilston"])
    assert page.context.cookies() == []


def test_use_my_location_fills_the_position_from_the_browser_when_asked(network_server, browser):
    # Wolverhampton, where Bilston is nearest; the browser gives it only after the click.
    context = browser.new_context(
        geolocation={"latitude": 52.5862, "longitude": -2.1288}, permissions=["geolocation"]
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(network_server.url + NETWORK)
        assert town_headings(page) == ["Aston", "Bilston", "Coventry"]
        page.get_by_role("button", name="Use my location").click()
        try:
            page.wait_for_url("**latitude=**", timeout=20000)
        except Exception:
            raise AssertionError(page.locator("[role=status]").all_inner_texts()) from None
        assert "latitude=52.5862" in page.url
        assert town_headings(page) == ["Bilston", "Aston", "Coventry"]
        assert all(url.startswith(network_server.url) for url in requests), requests
    finally:
        context.close()
