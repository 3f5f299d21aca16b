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


# Words from Wagtail's admin a newcomer should never have to make sense of.
JARGON = ("Promote", "Slug", "Title tag", "Show in menus", "Reports", "Moderators", "Autosave is paused")

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


class ActionCounter:
    """Counts what the newcomer does: every click, every field filled in and every file chosen.

    A click that sends a form is one action (the page load it causes is not counted
    again); forms sent are recorded for the report.
    """

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.fills = 0
        self.uploads = 0
        self.submissions = 0
        self.jargon_seen = set()
        page.on("request", self.saw_request)

    def saw_request(self, request):
        if request.is_navigation_request() and request.method == "POST":
            self.submissions += 1

    def look(self):
        """Note any admin jargon visible on the page the newcomer is looking at."""
        self.page.wait_for_load_state("domcontentloaded")
        text = self.page.locator("body").inner_text()
        self.jargon_seen.update(word for word in JARGON if word in text)

    def click(self, locator):
        self.look()
        self.clicks += 1
        locator.click()

    def fill(self, locator, value):
        self.fills += 1
        locator.fill(value)

    def type_into(self, locator, text):
        """Tap into a rich text box and type: one field filled, as a person does it."""
        self.fills += 1
        locator.click()
        locator.press_sequentially(text)

    def upload(self, locator, path):
        self.uploads += 1
        locator.set_input_files(str(path))

    @property
    def total(self):
        return self.clicks + self.fills + self.uploads

    def __str__(self):
        return (
            f"{self.clicks} clicks, {self.fills} fields filled, {self.uploads} photo chosen "
            f"({self.submissions} forms sent)"
        )


# Typed by the helper for the invitation: it must never be shown to readers.
NEWCOMER_EMAIL = "maureen.lewis@example.org"


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
    page.get_by_label("Their email address (optional)").fill(NEWCOMER_EMAIL)
    page.get_by_label("Their group's name").fill("Elm Road Neighbourhood Watch")
    page.get_by_label("Newsletter", exact=True).check()
    page.get_by_label("An email newsletter").check()
    page.get_by_label("Staying safe online").check()
    page.get_by_role("button", name="Set them up").click()
    page.wait_for_url(re.compile(r"/admin/handover/help/\d+/invitation/"))
    expect(page.locator(".handover-qr svg")).to_be_visible()
    return page.locator("[data-invite-link]").get_attribute("href")


@pytest.fixture
def photo_file(tmp_path):
    from wagtail.images.tests.utils import get_test_image_file

    path = tmp_path / "elm-road.png"
    path.write_bytes(get_test_image_file(filename="elm-road.png", size=(800, 600)).file.getvalue())
    return path


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_from_one_form_to_a_live_post(demo_live_server, browser, helper, past_surgery, photo_file, device):
    from axe_playwright_python.sync_playwright import Axe

    from handover.models import HelpRecord
    from handover.queries import with_since_figures
    from newsletters.models import PostPage, PublicationPage

    helper_context = browser.new_context()
    invite_link = set_up_newcomer(helper_context.new_page(), demo_live_server, past_surgery)
    helper_context.close()
    publication = PublicationPage.objects.get(title="Elm Road Neighbourhood Watch")
    assert publication.get_parent().pk == past_surgery.get_parent().pk

    # The newcomer, on their own device, from the invitation link.
    context = browser.new_context(**device)
    page = context.new_page()
    actions = ActionCounter(page)
    page.goto(invite_link)
    actions.fill(page.get_by_label("Choose a password"), NEWCOMER_PASSWORD)
    actions.fill(page.get_by_label("Type it again"), NEWCOMER_PASSWORD)
    actions.click(page.get_by_role("button", name="Save my password and start"))
    page.wait_for_url(re.compile(r"/admin/handover/welcome/"))
    expect(page.get_by_text("Write your first post").first).to_be_visible()

    actions.click(page.get_by_role("link", name="Edit your first post"))
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    actions.look()
    actions.fill(page.locator("#id_title"), "Hello from Elm Road")
    actions.type_into(
        page.locator("[data-contentpath='body'] [contenteditable='true']").first,
        "We meet every Tuesday at the community centre. Everyone is welcome.",
    )
    # The text box keeps what was typed once it pauses for a moment (Draftail saves on a timer).
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Everyone is welcome"))
    photo = page.get_by_label("Photo", exact=True)
    assert photo.get_attribute("capture") == "environment" and photo.get_attribute("accept") == "image/*"
    actions.upload(photo, photo_file)
    actions.fill(page.get_by_label("Describe the photo"), "Neighbours litter-picking on Elm Road")
    actions.click(page.get_by_role("button", name="Publish", exact=True))
    page.wait_for_url(re.compile(r"/admin/handover/welcome/"))
    actions.look()

    post = PostPage.objects.child_of(publication).get()
    assert post.live and post.title == "Hello from Elm Road", "the post is live"
    assert post.lead_image is not None, "the photo is the post's picture"
    assert post.lead_image.description == "Neighbours litter-picking on Elm Road", "described on the photo"
    assert post.intro_text.startswith("We meet every Tuesday")

    print(f"newcomer: {actions}")
    assert actions.total <= MOST_ACTIONS, str(actions)
    assert not actions.jargon_seen, f"admin jargon shown to the newcomer: {sorted(actions.jargon_seen)}"

    response = page.goto(demo_live_server.url + post.url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Hello from Elm Road"
    picture = page.get_by_role("img", name="Neighbours litter-picking on Elm Road").first
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the photo loads"
    for path in (post.url, publication.url):
        page.goto(demo_live_server.url + path)
        assert NEWCOMER_EMAIL not in page.content(), f"the invitation email is shown on {path}"
    context.close()

    record = with_since_figures(HelpRecord.objects.filter(publication=publication)).get()
    assert "1 issue since" in record.since_summary()

    # What readers meet is accessible, on this device's width too.
    axe_context = browser.new_context(bypass_csp=True, **device)
    axe_page = axe_context.new_page()
    for path in (post.url, publication.url):
        axe_page.goto(demo_live_server.url + path)
        results = Axe().run(axe_page)
        assert results.violations_count == 0, (path, results.generate_report())
    axe_context.close()


FAST_RUNS = 10


@pytest.fixture
def full_editor(demo_live_server):
    return get_user_model().objects.create_superuser(username="edie", password=HELPER_PASSWORD)


def test_publish_at_machine_speed_always_goes_live(demo_live_server, browser, full_editor):
    """Type and press Publish at once, again and again, with Wagtail's autosave on (a full
    editor has it): every time, the post is live and stays live."""
    import time

    from django.utils import timezone

    from newsletters.models import PostPage, PublicationPage

    publication = PublicationPage.objects.live().first()
    drafts = []
    for number in range(FAST_RUNS):
        draft = PostPage(
            title=f"Draft {number}", slug=f"fast-draft-{number}", date=timezone.localdate(), live=False
        )
        publication.add_child(instance=draft)
        draft.save_revision(user=full_editor)
        drafts.append(draft)

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo_live_server.url}/admin/login/")
    page.get_by_label("Username").fill("edie")
    page.get_by_label("Password").fill(HELPER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    problems = []
    for number, draft in enumerate(drafts):
        page.goto(f"{demo_live_server.url}/admin/pages/{draft.pk}/edit/")
        assert page.locator("[data-w-autosave-interval-value]").count() == 1, "autosave is on here"
        page.locator("#id_title").fill(f"Fast issue {number}")
        intro = page.locator("[data-contentpath='intro'] [contenteditable='true']")
        intro.fill(f"Published at machine speed, run {number}.")
        # Publish just as the autosave of that typing sets off (around 0.5 s), a little
        # earlier or later each run, so the two requests overlap on the server.
        time.sleep(0.3 + 0.05 * number)
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Publish", exact=True).click()
        if not PostPage.objects.get(pk=draft.pk).live:
            problems.append((number, "not live once Publish was answered"))
    # Every run's late autosave has landed by now: the runs after it each took longer than the
    # autosave interval, and the last one is given that long. Then each post must still be live.
    page.wait_for_load_state("networkidle")
    time.sleep(0.6)
    for number, draft in enumerate(drafts):
        post = PostPage.objects.get(pk=draft.pk)
        response = page.request.get(demo_live_server.url + post.url)
        if not (post.live and response.status == 200):
            problems.append((number, post.live, response.status))
    context.close()
    assert problems == [], f"runs where Publish did not leave the post live: {problems}"


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
