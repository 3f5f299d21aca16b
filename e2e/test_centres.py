"""Community centre pages and the room-hire enquiry in a real browser: axe, no JavaScript, no cookies."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE_PATH = "/kingstanding/kingstanding-community-centre/"


def axe_problems(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    )


def fill_enquiry(page, day):
    page.get_by_label("Room", exact=True).select_option(label="Meeting room")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("From", exact=True).fill("18:30")
    page.get_by_label("Until", exact=True).fill("20:30")
    page.get_by_label("Charity or community group", exact=True).check()
    page.get_by_label("What is the room for?", exact=True).fill("Residents' association committee meeting")
    page.get_by_label("Your name", exact=True).fill("Maureen Baker")
    page.get_by_label("Your email address", exact=True).fill("maureen@example.org")


def test_centre_page_passes_axe(demo_live_server, axe_page):
    axe_page.goto(demo_live_server.url + CENTRE_PATH)
    assert axe_page.get_by_role("heading", level=1).inner_text() == "Kingstanding Community Centre"
    problems = axe_problems(axe_page)
    assert not problems, problems


def test_a_resident_sends_an_enquiry_without_javascript(demo_live_server, no_js_page):
    from home.hours import local_now
    from home.models import RoomHireEnquiry

    page = no_js_page
    page.goto(demo_live_server.url + CENTRE_PATH)
    fill_enquiry(page, local_now().date() + timedelta(days=21))
    page.get_by_role("button", name="Send enquiry").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your enquiry has been sent"
    enquiry = RoomHireEnquiry.objects.get()
    assert enquiry.room_name == "Meeting room" and enquiry.hirer_kind == "community"
    assert page.context.cookies() == []


def test_enquiry_thank_you_page_passes_axe(demo_live_server, axe_page):
    from home.models import CommunityCentrePage

    centre = CommunityCentrePage.objects.get(slug="kingstanding-community-centre")
    axe_page.goto(f"{demo_live_server.url}/centres/{centre.pk}/hire-a-room/sent/")
    assert "enquiry has been sent" in axe_page.get_by_role("heading", level=1).inner_text()
    problems = axe_problems(axe_page)
    assert not problems, problems


def test_enquiry_errors_are_clear_and_pass_axe(demo_live_server, axe_page):
    from home.hours import local_now
    from home.models import RoomHireEnquiry

    axe_page.goto(demo_live_server.url + CENTRE_PATH)
    fill_enquiry(axe_page, local_now().date() - timedelta(days=1))
    axe_page.get_by_role("button", name="Send enquiry").click()
    expect(axe_page.get_by_role("alert").get_by_text("The date has passed")).to_be_visible()
    assert axe_page.get_by_label("Date", exact=True).get_attribute("aria-invalid") == "true"
    assert not RoomHireEnquiry.objects.exists()
    problems = axe_problems(axe_page)
    assert not problems, problems


def test_standalone_enquiry_form_passes_axe(demo_live_server, axe_page):
    from home.models import CommunityCentrePage

    centre = CommunityCentrePage.objects.get(slug="digbeth-community-hub")
    axe_page.goto(f"{demo_live_server.url}/centres/{centre.pk}/hire-a-room/")
    problems = axe_problems(axe_page)
    assert not problems, problems
