"""The network helper form in a browser: axe-clean, usable without JavaScript, no cookie, and the
emailed link confirms the offer."""

import re
from urllib.parse import urlsplit

from django.core import mail

from wagtail.models import Page, Site

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/network/helpers/"


@pytest.fixture
def towns_server(live_server):
    """Aston (served at the live server's address) and Bilston (another host), as towns."""
    from home.models import HomePage, Town

    address = urlsplit(live_server.url)
    root = Page.get_first_root_node()
    for index, (name, slug) in enumerate((("Aston", "aston"), ("Bilston", "bilston"))):
        home = root.add_child(instance=HomePage(title=name, slug=slug))
        home.save_revision().publish()
        if index == 0:
            site = Site.objects.get(is_default_site=True)
            site.hostname, site.port, site.root_page = address.hostname, address.port, home
            site.save()
        else:
            site = Site.objects.create(hostname="bilston.example.org", port=80, root_page=home)
        Town.objects.create(name=name, slug=slug, root_page=home, site=site)
    return live_server


def test_the_form_its_errors_and_the_pages_after_it_pass_axe(towns_server, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    page = axe_page
    page.goto(towns_server.url + FORM)
    assert Axe().run(page).violations_count == 0
    page.get_by_label("Your name").fill("Priya")
    page.get_by_label("Your email address").fill("priya@example.com")
    page.get_by_label("What can you offer?").fill("Facebook pages")
    page.get_by_role("button", name="Offer to help").click()  # no town ticked
    assert page.get_by_role("alert").count() >= 1
    expect(page.get_by_text("Choose at least one town.").first).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.response["violations"]

    page.get_by_label("Bilston").check()
    page.get_by_role("button", name="Offer to help").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert Axe().run(page).violations_count == 0
    path = re.search(r"https?://[^/\s]+(/surgeries/helpers/confirm/\S+/)", mail.outbox[0].body).group(1)
    page.goto(towns_server.url + path)
    assert Axe().run(page).violations_count == 0
    page.get_by_role("button", name="Confirm my offer").click()
    expect(page.get_by_text("can now see your offer")).to_be_visible()
    assert Axe().run(page).violations_count == 0


def test_volunteering_without_javascript_and_confirming_by_the_emailed_link(towns_server, no_js_page):
    from surgeries.models import NetworkHelper

    page = no_js_page
    page.goto(towns_server.url + FORM)
    page.get_by_label("Your name").fill("Priya")
    page.get_by_label("Your email address").fill("priya@example.com")
    page.get_by_label("What can you offer?").fill("Facebook pages")
    page.get_by_label("Aston").check()
    page.get_by_label("Bilston").check()
    page.get_by_role("button", name="Offer to help").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert page.context.cookies() == []

    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/surgeries/helpers/confirm/\S+/)", message.body).group(1)
    page.goto(towns_server.url + path)
    page.get_by_role("button", name="Confirm my offer").click()
    expect(page.get_by_text("can now see your offer")).to_be_visible()
    assert NetworkHelper.objects.get().status == NetworkHelper.Status.CONFIRMED
    assert page.context.cookies() == []


def test_withdrawing_by_the_emailed_link_asks_first_passes_axe_and_needs_no_javascript(
    towns_server, axe_page, no_js_page
):
    """The link in the confirmation email: a question, a button, and the offer is gone."""
    from axe_playwright_python.sync_playwright import Axe

    from surgeries.models import NetworkHelper

    page = no_js_page
    page.goto(towns_server.url + FORM)
    page.get_by_label("Your name").fill("Priya")
    page.get_by_label("Your email address").fill("priya@example.com")
    page.get_by_label("What can you offer?").fill("Facebook pages")
    page.get_by_label("Aston").check()
    page.get_by_role("button", name="Offer to help").click()
    (message,) = mail.outbox
    confirm = re.search(r"https?://[^/\s]+(/surgeries/helpers/confirm/\S+/)", message.body).group(1)
    withdraw = re.search(r"https?://[^/\s]+(/surgeries/helpers/withdraw/\S+/)", message.body).group(1)
    page.goto(towns_server.url + confirm)
    page.get_by_role("button", name="Confirm my offer").click()
    assert NetworkHelper.objects.confirmed().count() == 1

    page.goto(towns_server.url + withdraw)
    expect(page.get_by_role("heading", name="Withdraw your offer to help?")).to_be_visible()
    assert NetworkHelper.objects.count() == 1  # opening the link changes nothing
    page.get_by_role("button", name="Yes, withdraw my offer").click()
    expect(page.get_by_role("heading", name="Your offer to help is withdrawn")).to_be_visible()
    assert not NetworkHelper.objects.exists()
    assert page.context.cookies() == []

    # Both pages pass axe: the question (for a second offer) and the answer.
    NetworkHelper.objects.create(name="Sam", email="sam@example.com", can_offer="x", status="confirmed")
    from surgeries.tokens import network_helper_withdraw_token

    path = f"/surgeries/helpers/withdraw/{network_helper_withdraw_token(NetworkHelper.objects.get())}/"
    axe_page.goto(towns_server.url + path)
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.response["violations"]
    axe_page.get_by_role("button", name="Yes, withdraw my offer").click()
    expect(axe_page.get_by_role("heading", name="Your offer to help is withdrawn")).to_be_visible()
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.response["violations"]
