"""A place page with posts from elsewhere in a real browser: axe, no JavaScript, no cookies."""

from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACE_PATH = "/kingstanding/"


@pytest.fixture
def posts_from_elsewhere(demo_live_server):
    """An approved parish blog on Kingstanding with two posts, one whose excerpt had a script."""
    from django.utils import timezone

    from home.models import PlacePage
    from planet.models import ExternalFeed, ExternalItem
    from planet.queries import forget_items

    place = PlacePage.objects.get(slug="kingstanding", locale__language_code="en-gb")
    feed = ExternalFeed.objects.create(
        place=place,
        url="https://parish.example.net/feed/",
        title="St Mark's parish blog",
        site_link="https://parish.example.net/",
        status=ExternalFeed.Status.APPROVED,
    )
    now = timezone.now()
    ExternalItem.objects.create(
        feed=feed,
        guid="1",
        title="Harvest supper on Friday",
        link="https://parish.example.net/harvest-supper/",
        published=now - timedelta(hours=2),
        excerpt="Bring a dish to share. Everyone is welcome.",
    )
    ExternalItem.objects.create(
        feed=feed,
        guid="2",
        title="Bell ringers wanted",
        link="https://parish.example.net/bells/",
        published=now - timedelta(days=1),
        excerpt="",
    )
    forget_items()
    return demo_live_server


def test_a_place_page_with_posts_from_elsewhere_passes_axe(posts_from_elsewhere, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    axe_page.goto(posts_from_elsewhere.url + PLACE_PATH)
    section = axe_page.get_by_role("region", name="From elsewhere in the neighbourhood")
    assert (
        section.get_by_role("link", name="Harvest supper on Friday").get_attribute("rel")
        == "nofollow ugc noopener"
    )
    results = Axe().run(axe_page)
    assert not results.violations_count, results.generate_report()


def test_posts_from_elsewhere_show_without_javascript_and_set_no_cookie(posts_from_elsewhere, no_js_page):
    no_js_page.goto(posts_from_elsewhere.url + PLACE_PATH)
    section = no_js_page.get_by_role("region", name="From elsewhere in the neighbourhood")
    assert "St Mark's parish blog" in section.inner_text()
    assert "From elsewhere" in section.inner_text()
    assert no_js_page.context.cookies() == []
