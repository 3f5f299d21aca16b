"""Surgeries in the browser: booking without JavaScript, cancelling, and axe on the non-page URLs."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(axe_page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(axe_page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


BOOK_BUTTON = re.compile("^(Book my place|Join the waiting list)$")


def fill_attend_form(page, email):
    form = page.locator("#book-attend")
    form.get_by_label("Your name").fill("Maureen")
    form.get_by_label("Your email address").fill(email)
    form.get_by_label("Neighbourhood Watch").check()
    form.get_by_label("An email newsletter").check()
    # A full surgery's button offers the waiting list instead of a place.
    form.get_by_role("button", name=BOOK_BUTTON).click()


def test_booking_and_cancelling_work_without_javascript_and_set_no_cookie(demo_live_server, no_js_page):
    from surgeries.models import Booking, SurgeryPage

    surgery = SurgeryPage.objects.get(title="Tuesday evening surgery, city centre")
    page = no_js_page
    page.goto(demo_live_server.url + surgery.url)
    fill_attend_form(page, "new.person@example.com")
    # A first-time address holds the seat until the link in the email is pressed.
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email to keep your place"
    booking = Booking.objects.get(email="new.person@example.com")
    assert booking.status == "held"
    confirm_path = re.search(r"(/surgeries/confirm/\S+/)", mail.outbox[-1].body).group(1)
    cancel_path = re.search(r"(/surgeries/cancel/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(demo_live_server.url + confirm_path)
    page.get_by_role("button", name="Confirm my place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are booked"
    assert Booking.objects.get(pk=booking.pk).status == "booked"
    page.goto(demo_live_server.url + cancel_path)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your booking is cancelled"
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    assert page.context.cookies() == []


def test_surgery_urls_that_are_not_pages_pass_axe(demo_live_server, axe_page):
    from django.urls import reverse

    from home.models import PlacePage
    from surgeries.models import Booking, SurgeryPage
    from surgeries.tokens import cancel_link_token

    kingstanding = PlacePage.objects.get(title="Kingstanding")
    full = SurgeryPage.objects.get(title="Kingstanding spring surgery")
    booking = Booking.objects.filter(surgery=full, status="booked").first()
    problems = {}

    def check(label):
        found = violations(axe_page)
        if found:
            problems[label] = found

    for url in (
        reverse("surgeries:upcoming"),
        reverse("surgeries:past"),
        reverse("surgeries:place_upcoming", args=[kingstanding.pk]),
        reverse("surgeries:place_past", args=[kingstanding.pk]),
        reverse("surgeries:cancel", args=[cancel_link_token(booking)]),
        reverse("surgeries:cancel", args=["not-a-real-link"]),
    ):
        axe_page.goto(demo_live_server.url + url)
        check(url)

    # The form with errors (400), then the waiting-list result page.
    axe_page.goto(demo_live_server.url + full.url)
    axe_page.locator("#book-attend").get_by_role("button", name="Join the waiting list").click()
    expect(axe_page.get_by_text("Please check the form")).to_be_visible()
    check("booking form with errors")
    fill_attend_form(axe_page, "waiting@example.com")
    assert axe_page.get_by_role("heading", level=1).inner_text() == "You are on the waiting list"
    check("waiting list result")

    # Cancelling: the done page, then the same link again.
    cancel_url = demo_live_server.url + reverse("surgeries:cancel", args=[cancel_link_token(booking)])
    axe_page.goto(cancel_url)
    axe_page.get_by_role("button", name="Yes, cancel my booking").click()
    # Checked once the answer has arrived: axe run while the page was still changing over failed.
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Your booking is cancelled")
    check("cancel done")
    axe_page.goto(cancel_url)
    check("cancel link used")
    assert not problems, "\n".join(f"{label}\n" + "\n".join(found) for label, found in problems.items())
