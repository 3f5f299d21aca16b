"""Follow-ups in a real browser: the emailed link opens a form that works without JavaScript and sets no
cookie, the answer becomes a story on the What changed pages, and the form and the pages pass axe."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "Our street newsletter now goes to 60 homes, and two neighbours write for it."


def assert_no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def emailed_link(demo_live_server):
    """Sam helped someone at a past demo surgery six weeks ago; the scheduler has emailed Sam the link."""
    from handover.models import HelpRecord
    from surgeries.models import SurgeryPage

    surgery = SurgeryPage.objects.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()
    helper = get_user_model().objects.create_user(
        username="sam-helper", email="sam.helper@example.org", first_name="Sam"
    )
    HelpRecord.objects.create(
        surgery=surgery,
        helper=helper,
        helped_name="Maureen Lewis",
        group_name="Elm Road Residents",
        created_at=timezone.now() - timedelta(weeks=6, days=1),
    )
    mail.outbox.clear()
    call_command("send_follow_up_prompts", verbosity=0)
    [message] = [message for message in mail.outbox if message.to == ["sam.helper@example.org"]]
    path = re.search(r"https?://[^/\s]+(/\S*follow-up/\S+/)", message.body).group(1)
    return demo_live_server.url + path, surgery


def test_the_emailed_form_works_without_javascript_and_the_story_appears(
    demo_live_server, emailed_link, axe_page, no_js_page
):
    link, surgery = emailed_link

    # The form passes axe, and again when it shows what is missing.
    axe_page.goto(link)
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("What has happened since?")
    expect(axe_page.get_by_label("No, or I have not asked them: keep it to the organisers")).to_be_checked()
    assert_no_axe_violations(axe_page)
    axe_page.get_by_role("button", name="Send my answer").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Tell us in a few words")
    assert_no_axe_violations(axe_page)

    # Answered without JavaScript, and no cookie is set.
    page = no_js_page
    page.goto(link)
    page.get_by_label("What have they done since?").fill(STORY)
    page.get_by_label(
        "Yes, they agreed that these words may be shown on this website and told to funders"
    ).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert page.context.cookies() == []

    # The same link again: already answered.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already answered")

    # The story on the site's What changed page and on its place's, without names; both pass axe.
    axe_page.goto(demo_live_server.url + "/what-changed/")
    expect(axe_page.get_by_text(STORY)).to_be_visible()
    assert "Maureen" not in axe_page.content() and "Sam" not in axe_page.content()
    assert_no_axe_violations(axe_page)
    place = surgery.get_parent()
    places = axe_page.get_by_role("navigation", name="What changed in each place")
    places.get_by_role("link", name=place.title, exact=True).click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(f"What changed in {place.title}")
    expect(axe_page.get_by_text(STORY)).to_be_visible()
    assert_no_axe_violations(axe_page)
    assert axe_page.context.cookies() == []
