"""A place page with a digest sign-up box in a real browser: axe, no JavaScript, no cookies."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACE_PATH = "/kingstanding/"
BOX_NAME = "Get the news from Kingstanding by email"


@pytest.fixture
def place_with_digest(demo_live_server):
    from home.models import PlacePage
    from newsletters.models import PublicationPage

    place = PlacePage.objects.get(slug="kingstanding", locale__language_code="en-gb")
    digest = PublicationPage(title="Kingstanding digest", slug="digest", kind=PublicationPage.Kind.DIGEST)
    place.add_child(instance=digest)
    digest.save_revision().publish()
    return demo_live_server


def test_a_place_page_with_a_digest_box_passes_axe(place_with_digest, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    axe_page.goto(place_with_digest.url + PLACE_PATH)
    box = axe_page.get_by_role("region", name=BOX_NAME)
    assert box.get_by_label("Your email address").is_visible()
    results = Axe().run(axe_page)
    assert not results.violations_count, results.generate_report()


def test_signing_up_for_a_digest_works_without_javascript_and_sets_no_cookie(place_with_digest, no_js_page):
    from subscriptions.models import Subscriber

    no_js_page.goto(place_with_digest.url + PLACE_PATH)
    box = no_js_page.get_by_role("region", name=BOX_NAME)
    box.get_by_label("Your email address").fill("pat@example.org")
    box.get_by_role("button", name="Subscribe").click()
    no_js_page.wait_for_url("**/check-your-inbox/")
    assert no_js_page.context.cookies() == []
    subscriber = Subscriber.objects.get(email="pat@example.org")
    assert subscriber.publication.title == "Kingstanding digest"
    assert subscriber.status == Subscriber.Status.PENDING
