"""Live coverage in real browsers: an update posted from one appears in another without reloading."""

import datetime
import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from e2e.conftest import open_page

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "lantern-heather-compass"


@pytest.fixture
def meeting(demo_live_server, settings):
    """A council meeting being covered live in a demo newsletter, with one update so far."""
    from newsletters.live import publish_update
    from newsletters.models import PostPage, PublicationPage

    settings.LIVE_POLL_SECONDS = 1
    publication = PublicationPage.objects.live().filter(kind=PublicationPage.Kind.NEWSLETTER).first()
    post = PostPage(
        title="Ward committee, live",
        slug="ward-committee-live",
        date=datetime.date.today(),
        intro="<p>The ward committee meeting, as it happens.</p>",
        coverage=PostPage.Coverage.LIVE,
    )
    publication.add_child(instance=post)
    post.save_revision().publish()
    author = get_user_model().objects.create_superuser("reporter", "reporter@example.org", PASSWORD)
    publish_update(post, "Meeting opened; twelve residents in the hall.", author)
    return post


@pytest.fixture
def author_page(browser):
    yield from open_page(browser)


def log_in(page, base, next_path):
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("reporter")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_an_update_posted_in_one_browser_appears_in_anothers_without_reloading(
    demo_live_server, meeting, page, author_page, no_js_page
):
    from newsletters.models import LiveUpdate

    base = demo_live_server.url
    post_url = base + meeting.url
    page.goto(post_url)
    no_js_page.goto(post_url)
    updates = page.locator("[data-live-list] > li")
    expect(updates).to_have_count(1)
    expect(no_js_page.locator(".live-update")).to_have_count(1)
    reader_marker = page.evaluate("() => (window.readerStayed = 'yes')")

    add_path = f"/admin/live/{meeting.pk}/"
    log_in(author_page, base, add_path)
    author_page.get_by_label("Update").fill("Bins: fortnightly collections from April, agreed.")
    author_page.get_by_role("button", name="Publish update").click()
    expect(author_page.get_by_text("Update published.")).to_be_visible()

    newest = LiveUpdate.objects.filter(post=meeting).order_by("-pk").first()
    # The reader's page shows it at the top, in the polite live region, without a reload.
    expect(updates).to_have_count(2, timeout=15_000)
    expect(updates.first).to_have_attribute("id", newest.anchor)
    expect(updates.first).to_contain_text("fortnightly collections from April")
    assert page.evaluate("() => window.readerStayed") == reader_marker
    assert page.locator("[data-live-list]").get_attribute("aria-live") == "polite"

    # Without JavaScript nothing changes by itself; a reload shows the new update.
    expect(no_js_page.locator(".live-update")).to_have_count(1)
    no_js_page.reload()
    expect(no_js_page.locator(".live-update")).to_have_count(2)
    expect(no_js_page.locator(".live-update").first).to_have_attribute("id", newest.anchor)
    no_js_page.goto(f"{post_url}#{newest.anchor}")
    expect(no_js_page.locator(f"#{newest.anchor}")).to_be_in_viewport()


def test_when_the_coverage_ends_readers_pages_stop_asking_and_say_so(
    demo_live_server, meeting, page, author_page
):
    base = demo_live_server.url
    page.goto(base + meeting.url)
    log_in(author_page, base, f"/admin/live/{meeting.pk}/end/")
    author_page.get_by_label("Summary of the meeting").fill("Bins go fortnightly in April.")
    author_page.get_by_role("button", name="End coverage and publish the summary").click()
    author_page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator("[data-live-status]")).to_contain_text("has ended", timeout=15_000)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/live/" in request.url else None)
    page.wait_for_timeout(2_500)
    assert asked == []
    page.reload()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.get_by_text("Bins go fortnightly in April.")).to_be_visible()


def test_the_live_page_passes_axe(demo_live_server, meeting, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    axe_page.goto(demo_live_server.url + meeting.url)
    results = Axe().run(axe_page)
    assert results.violations_count == 0, [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
