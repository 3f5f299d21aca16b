"""The impact report in a real browser: an organiser changes the filters, and every chart has a
title and draws the same figures as the table beside it; the page passes axe."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "compass-heather-lantern"


@pytest.fixture
def organiser(demo_live_server):
    user = get_user_model().objects.create_user(username="olive", password=PASSWORD, first_name="Olive")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_impact")
    )
    return user


def log_in(page, base):
    page.goto(f"{base}/admin/login/?next=/admin/impact/")
    page.get_by_label("Username").fill("olive")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/impact/$"))


def charts_match_tables(page):
    """Every bar's figure is the one in its table row, and every chart has a title."""
    for chart in ("months", "topics"):
        svg = page.locator(f"svg[data-chart='{chart}']")
        if svg.count():
            assert svg.locator("> title").text_content().strip()
    bars = page.locator("svg[data-chart='months'] rect[data-month]")
    for index in range(bars.count()):
        bar = bars.nth(index)
        month, series = bar.get_attribute("data-month"), bar.get_attribute("data-series")
        cell = page.locator(f"#impact-months tr[data-month='{month}'] td[data-series='{series}']")
        assert cell.inner_text() == bar.get_attribute("data-value"), (month, series)
    topics = page.locator("svg[data-chart='topics'] rect[data-topic]")
    for index in range(topics.count()):
        bar = topics.nth(index)
        cell = page.locator("#impact-topics td").filter(has_text=re.compile(r"^\d+$")).nth(index)
        assert cell.get_attribute("data-topic") == bar.get_attribute("data-topic")
        assert cell.inner_text() == bar.get_attribute("data-value")
    return bars.count()


def test_an_organiser_filters_the_report_and_the_charts_match_the_tables(
    demo_live_server, axe_page, organiser
):
    from axe_playwright_python.sync_playwright import Axe

    page = axe_page
    log_in(page, demo_live_server.url)
    assert page.locator("svg[data-chart='months'] > title").count() == 1
    assert charts_match_tables(page) > 0
    network_came = page.locator("#impact-figures tr", has_text="People who came").locator("td").inner_text()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    place = page.get_by_label("Place", exact=True)
    options = place.locator("option")
    place.select_option(options.nth(1).get_attribute("value"))
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url(re.compile(r"place=\d+"))
    assert "From" in page.content() and page.get_by_label("From", exact=True).input_value() == "2020-01-01"
    charts_match_tables(page)
    place_came = page.locator("#impact-figures tr", has_text="People who came").locator("td").inner_text()
    assert int(place_came) <= int(network_came)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_label("From", exact=True).fill("2030-01-01")
    page.get_by_label("To", exact=True).fill("2029-01-01")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("must be on or before")).to_be_visible()


def pdf_pages(pdf):
    """How many pages a PDF has: its page objects (``/Type /Page``, not the ``/Pages`` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_printed_report_is_one_a4_page_without_the_admin_around_it(demo_live_server, page, organiser):
    """What a funder is handed: the figures, charts and tables on one A4 sheet, with no menu,
    filter form, links to downloads or other admin furniture."""
    log_in(page, demo_live_server.url)
    page.emulate_media(media="print")
    for chrome in ("#wagtail-sidebar", "form.impact-filter", ".impact-downloads", ".w-breadcrumbs"):
        for index in range(page.locator(chrome).count()):
            expect(page.locator(chrome).nth(index)).to_be_hidden()
    for shown in ("#impact-figures", "svg[data-chart='months']", "#impact-months", "#impact-summary"):
        expect(page.locator(shown)).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
