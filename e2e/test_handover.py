"""The hand-over in a real browser: a helper sets a newcomer up in one form, and the
newcomer goes from the invitation link to a live post in a handful of actions."""

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from handover.permissions import helpers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELPER_PASSWORD = "lantern-orchard-kettle"
NEWCOMER_PASSWORD = "teapot river hedgehog"
MOST_ACTIONS = 10


@pytest.fixture
def helper(demo_live_server):
    user = get_user_model().objects.create_user(
        username="sam", password=HELPER_PASSWORD, first_name="Sam", last_name="Helper"
    )
    user.groups.add(helpers_group())
    return user


@pytest.fixture
def past_surgery(demo_live_server):
    from django.utils import timezone

    from surgeries.models import SurgeryPage

    surgery = SurgeryPage.objects.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()
    assert surgery is not None, "the demo has past surgeries"
    return surgery


class ActionCounter:
    """Counts what the newcomer does: clicks, and forms sent (page loads made by a POST)."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.submissions = 0
        page.on("request", self.saw_request)

    def saw_request(self, request):
        if request.is_navigation_request() and request.method == "POST":
            self.submissions += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    @property
    def total(self):
        return self.clicks + self.submissions


def set_up_newcomer(page, live_server, surgery):
    """The helper's part: log in, open the hand-over from the surgery, fill in one form."""
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(HELPER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Set up a newcomer").first.click()
    expect(page.get_by_role("heading", name="Set up a newcomer", level=2)).to_be_visible()

    page.goto(f"{live_server.url}/admin/handover/newcomer/?surgery={surgery.pk}")
    page.get_by_label("Their name").fill("Maureen Lewis")
    page.get_by_label("Their group's name").fill("Elm Road Neighbourhood Watch")
    page.get_by_label("Newsletter", exact=True).check()
    page.get_by_label("An email newsletter").check()
    page.get_by_label("Staying safe online").check()
    page.get_by_role("button", name="Set them up").click()
    page.wait_for_url(re.compile(r"/admin/handover/help/\d+/invitation/"))
    expect(page.locator(".handover-qr svg")).to_be_visible()
    return page.locator("[data-invite-link]").get_attribute("href")


def test_from_one_form_to_a_live_post(demo_live_server, browser, helper, past_surgery):
    from newsletters.models import PostPage, PublicationPage

    helper_context = browser.new_context()
    invite_link = set_up_newcomer(helper_context.new_page(), demo_live_server, past_surgery)
    helper_context.close()
    publication = PublicationPage.objects.get(title="Elm Road Neighbourhood Watch")
    assert publication.get_parent().pk == past_surgery.get_parent().pk

    # The newcomer, on their own device, from the invitation link.
    context = browser.new_context()
    page = context.new_page()
    actions = ActionCounter(page)
    page.goto(invite_link)
    page.get_by_label("Choose a password").fill(NEWCOMER_PASSWORD)
    page.get_by_label("Type it again").fill(NEWCOMER_PASSWORD)
    actions.click(page.get_by_role("button", name="Save my password and start"))
    page.wait_for_url(re.compile(r"/admin/handover/welcome/"))
    expect(page.get_by_text("Write your first post").first).to_be_visible()

    actions.click(page.get_by_role("link", name="Edit your first post"))
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    title = page.locator("#id_title")
    title.fill("Hello from Elm Road")
    actions.click(page.get_by_role("button", name="Publish", exact=True))
    page.wait_for_load_state("networkidle")

    post = PostPage.objects.child_of(publication).get()
    assert post.live and post.title == "Hello from Elm Road"
    response = page.goto(demo_live_server.url + post.url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Hello from Elm Road"
    print(f"newcomer: {actions.clicks} clicks and {actions.submissions} forms sent")
    assert actions.total <= MOST_ACTIONS, f"{actions.clicks} clicks and {actions.submissions} forms sent"
    context.close()


def test_the_invitation_pages_pass_axe(demo_live_server, axe_page, helper, past_surgery):
    from axe_playwright_python.sync_playwright import Axe

    from handover.models import HelpRecord, Invite

    record = HelpRecord.objects.filter(newcomer__isnull=False).first()
    invite = Invite.objects.filter(help_record=record).usable().get()
    axe = Axe()
    for path in (invite.get_absolute_url(), "/welcome/not-a-real-token/"):
        axe_page.goto(demo_live_server.url + path)
        results = axe.run(axe_page)
        assert results.violations_count == 0, (path, results.generate_report())

    # A wrong password shows its error in an accessible way too.
    axe_page.goto(demo_live_server.url + invite.get_absolute_url())
    axe_page.get_by_label("Choose a password").fill("short")
    axe_page.get_by_label("Type it again").fill("short")
    axe_page.get_by_role("button", name="Save my password and start").click()
    assert "too short" in axe_page.content()
    results = axe.run(axe_page)
    assert results.violations_count == 0, results.generate_report()


def test_the_invitation_page_sets_no_cookie_and_works_without_javascript(demo_live_server, no_js_page):
    from handover.models import Invite

    invite = Invite.objects.usable().first()
    no_js_page.goto(demo_live_server.url + invite.get_absolute_url())
    assert no_js_page.context.cookies() == []
    no_js_page.get_by_label("Choose a password").fill(NEWCOMER_PASSWORD)
    no_js_page.get_by_label("Type it again").fill(NEWCOMER_PASSWORD)
    no_js_page.get_by_role("button", name="Save my password and start").click()
    assert "/admin/handover/welcome/" in no_js_page.url
