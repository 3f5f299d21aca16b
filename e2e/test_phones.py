"""On a small phone (320 to 390 px wide) no page scrolls sideways and phone numbers stay whole."""

from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Page

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTHS = [320, 390]


def phone_paths():
    """Every public demo page, and the pages that are not in the tree: archives, listings, search."""
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    paths = [page.url for page in pages]
    archives = [page.url + "archive/" for page in pages if type(page).__name__ == "PublicationPage"]
    return [*paths, *archives, reverse("surgeries:upcoming"), "/search/?query=surgery"]


def check_width(live_server, browser, width, screenshots=None):
    """{problem: {path: details}} for every page at one phone width; screenshots go to a folder if given."""
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    too_wide, broken_numbers, unlabelled_boxes = {}, {}, {}
    try:
        for path in phone_paths():
            page.goto(live_server.url + path)
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[path] = scroll_width
            if screenshots is not None:
                # What a person would see scrolling down the page: the picture is as wide as the page.
                picture = page.screenshot(full_page=True, path=screenshots / f"{slugify(path) or 'home'}.png")
                picture_width = int.from_bytes(picture[16:20], "big")  # PNG header: width, height
                if picture_width > width:
                    too_wide[path] = f"screenshot {picture_width}px wide"
            # A number split over two lines is misread and misdialled: each is one line box.
            split = page.evaluate(
                "() => Array.from(document.querySelectorAll('a[href^=\"tel:\"], .phone-number'))"
                ".filter(el => el.getClientRects().length > 1).map(el => el.textContent)"
            )
            if split:
                broken_numbers[path] = split
            # A box that scrolls on its own can be reached by keyboard and is named for screen readers.
            unlabelled = page.evaluate(
                "() => Array.from(document.querySelectorAll('.table-scroll')).filter(el =>"
                " el.tabIndex !== 0 || el.getAttribute('role') !== 'region' ||"
                " !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))"
                ".map(el => el.outerHTML.slice(0, 80))"
            )
            if unlabelled:
                unlabelled_boxes[path] = unlabelled
    finally:
        context.close()
    return {
        f"wider than {width}px": too_wide,
        f"phone numbers split over lines at {width}px": broken_numbers,
        f"scrolling boxes without a keyboard stop or a name at {width}px": unlabelled_boxes,
    }


def test_no_page_is_wider_than_a_phone(demo_live_server, browser, tmp_path):
    """One demo town for both widths: building it is the slow part."""
    kinds = {type(page).__name__ for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    assert {"HomePage", "PlacePage", "CommunityCentrePage", "PublicationPage", "PostPage"} <= kinds
    assert {"SurgeryPage", "StandardPage"} <= kinds
    problems = {}
    for width in PHONE_WIDTHS:
        screenshots = tmp_path if width == min(PHONE_WIDTHS) else None
        problems.update(check_width(demo_live_server, browser, width, screenshots))
    assert not {problem: pages for problem, pages in problems.items() if pages}
    check_tables_scroll_in_their_own_box(demo_live_server, browser)


def check_tables_scroll_in_their_own_box(live_server, browser):
    """The whole table is still there on a phone: its box scrolls, the page does not."""
    from home.models import CommunityCentrePage
    from newsletters.models import PostPage

    centre = CommunityCentrePage.objects.live().get(slug="kingstanding-community-centre")
    issue = next(post for post in PostPage.objects.live() if "useful_numbers" in str(post.body.raw_data))
    context = browser.new_context(viewport={"width": 320, "height": 740})
    page = context.new_page()
    try:
        for url, table in [(centre.url, "table.timetable"), (issue.url, "table.block-numbers")]:
            page.goto(live_server.url + url)
            box = page.locator(f".table-scroll:has({table})")
            assert box.count() == 1, url
            sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
            assert sizes[0] > sizes[1], f"{url}: the table fits, so this test no longer shows scrolling"
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
