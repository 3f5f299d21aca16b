"""Subscribing in a real browser: without JavaScript, and every subscription page through axe-core."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsletter(demo_live_server, settings):
    """The demo Neighbourhood Watch newsletter, with email links pointing at the live server."""
    from newsletters.models import PublicationPage

    settings.WAGTAILADMIN_BASE_URL = demo_live_server.url
    publication = PublicationPage.objects.live().filter(kind="newsletter").order_by("pk").first()
    assert publication is not None, "the demo town must have a live newsletter"
    return publication


def format_violations(violations):
    return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}" for v in violations)


def link_in_last_mail(kind):
    return re.search(rf"https?://\S+/subscriptions/{kind}/\S+/", mail.outbox[-1].body).group(0)


def sign_up_without_javascript(page, base_url, publication, email):
    """Use the form on the newsletter's own page if it has one, else its sign-up page."""
    page.goto(base_url + publication.url)
    form = page.locator(f"form[action$='/subscriptions/{publication.pk}/']")
    if not form.count():
        page.goto(f"{base_url}/subscriptions/{publication.pk}/")
    page.get_by_label("Your email address").first.fill(email)
    page.get_by_role("button", name="Subscribe").first.click()


def test_subscribe_confirm_and_unsubscribe_without_javascript(demo_live_server, newsletter, no_js_page):
    from subscriptions.models import Subscriber

    page = no_js_page
    sign_up_without_javascript(page, demo_live_server.url, newsletter, "new.reader@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    subscriber = Subscriber.objects.get(email="new.reader@example.org")
    assert subscriber.status == "pending"

    page.goto(link_in_last_mail("confirm"))
    page.get_by_role("button", name="Yes, subscribe me").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are subscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"

    from subscriptions.tokens import unsubscribe_url

    page.goto(unsubscribe_url(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"  # looking at the page changes nothing
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert page.context.cookies() == []


def test_a_mistyped_address_is_explained_without_javascript(demo_live_server, newsletter, no_js_page):
    page = no_js_page
    page.goto(f"{demo_live_server.url}/subscriptions/{newsletter.pk}/")
    page.get_by_label("Your email address").fill("pat-at-example.org")
    page.get_by_role("button", name="Subscribe").click()
    assert "name@example.org" in page.get_by_label(re.compile("Your email address")).evaluate(
        "el => el.labels[0].innerText"
    )


def test_subscription_pages_pass_axe(demo_live_server, newsletter, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    from subscriptions.tokens import unsubscribe_url

    axe, base, page = Axe(), demo_live_server.url, axe_page
    problems = {}

    def check(label):
        results = axe.run(page)
        if results.violations_count:
            problems[label] = format_violations(results.response["violations"])

    page.goto(f"{base}/subscriptions/{newsletter.pk}/")
    check("subscribe page")
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    # Each page is checked once it has arrived: axe run while a page changes over fails or reads the old one.
    expect(page.get_by_text("Please correct the mistake below.")).to_be_visible()
    check("subscribe page with an error")
    page.get_by_label(re.compile("Your email address")).fill("axe.reader@example.org")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    check("check your inbox")
    page.goto(link_in_last_mail("confirm"))
    check("confirm")
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    check("confirmed")

    from subscriptions.models import Subscriber

    page.goto(unsubscribe_url(Subscriber.objects.get(email="axe.reader@example.org")))
    check("unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    check("unsubscribed")
    page.goto(f"{base}/subscriptions/unsubscribe/not-a-token/")
    check("bad link")
    assert not problems, "\n".join(f"{label}\n{text}" for label, text in problems.items())
