"""On a small phone (320 to 390 px wide) no page scrolls sideways and phone numbers stay whole."""

from wagtail.models import Page

import pytest

from e2e.every_page import PHONE_WIDTHS, PHONES, SCREENSHOT_WIDTH, phone_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def width_problems(every_demo_page, width):
    """{problem: {path: details}} for every page at one phone width."""
    too_wide, broken_numbers, unlabelled_boxes = {}, {}, {}
    for path in phone_paths():
        seen = every_demo_page.phone[width][path]
        if seen.scroll_width > width:
            too_wide[path] = seen.scroll_width
        if seen.screenshot_width is not None and seen.screenshot_width > width:
            too_wide[path] = f"screenshot {seen.screenshot_width}px wide"
        if seen.split_numbers:
            broken_numbers[path] = seen.split_numbers
        if seen.unlabelled_boxes:
            unlabelled_boxes[path] = seen.unlabelled_boxes
    return {
        f"wider than {width}px": too_wide,
        f"phone numbers split over lines at {width}px": broken_numbers,
        f"scrolling boxes without a keyboard stop or a name at {width}px": unlabelled_boxes,
    }


@PHONES
def test_no_page_is_wider_than_a_phone(every_demo_page):
    kinds = {type(page).__name__ for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    assert {"HomePage", "PlacePage", "CommunityCentrePage", "PublicationPage", "PostPage"} <= kinds
    assert {"SurgeryPage", "StandardPage"} <= kinds
    assert any(seen.screenshot_width for seen in every_demo_page.phone[SCREENSHOT_WIDTH].values())
    problems = {}
    for width in PHONE_WIDTHS:
        problems.update(width_problems(every_demo_page, width))
    assert not {problem: pages for problem, pages in problems.items() if pages}


@PHONES
def test_tables_scroll_in_their_own_box(every_demo_page):
    """The whole table is still there on a phone: its box scrolls, the page does not."""
    from home.models import CommunityCentrePage
    from newsletters.models import PostPage

    centre = CommunityCentrePage.objects.live().get(slug="kingstanding-community-centre")
    issue = next(post for post in PostPage.objects.live() if "useful_numbers" in str(post.body.raw_data))
    for url, table in [(centre.url, "table.timetable"), (issue.url, "table.block-numbers")]:
        seen = every_demo_page.phone[320][url]
        boxes = seen.table_boxes[table]
        assert len(boxes) == 1, url
        scroll_width, client_width = boxes[0]
        assert scroll_width > client_width, f"{url}: the table fits, so this test no longer shows scrolling"
        assert seen.scroll_width <= 320, url
