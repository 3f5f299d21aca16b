"""Every public demo page, loaded once per viewport for the tests that each check one thing on all of them.

Axe, duplicate ids, the language and its switcher, and the phone widths used to load each of the
~60 demo pages again (once per test, once per phone width): those page loads were most of the
browser tests' time. Now the first such test in a session loads each page once at desktop width,
and once on a phone, looked at in each phone width, and notes what the tests look at; each test
then asserts its own property over its own pages and names the pages at fault. Every test gets
the same demo town (a copy of one build, see ``demo_site``), so what was seen on it holds for
each of them; the tests of each half share one pytest-xdist group, so one worker loads those
pages once.

The pages are seen as a reader gets them, with our Content-Security-Policy on: axe-core is run
through Playwright's ``evaluate``, which the policy does not block.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Page

import pytest
from PIL import Image as PillowImage

# Mark every test that reads the pages seen here, by the half it reads, so that pytest-xdist runs
# the tests of each half on one worker (and the two halves side by side).
DESKTOP = pytest.mark.xdist_group("every-demo-page-desktop")
PHONES = pytest.mark.xdist_group("every-demo-page-phones")

PHONE_WIDTHS = [320, 390]
PHONE_HEIGHT = 740
SCREENSHOT_WIDTH = min(PHONE_WIDTHS)  # at this width each page is also drawn whole, as a picture

# Tables wider than a phone, in their own scrolling box (the centre's timetable, an issue's numbers).
WIDE_TABLES = ["table.timetable", "table.block-numbers"]

# What is read of a page at desktop size, in one call (each call is a round trip to the browser).
DESKTOP_FACTS = """() => {
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  return {
    lang: document.documentElement.getAttribute('lang'),
    direction: document.documentElement.getAttribute('dir'),
    switcher: Array.from(document.querySelectorAll('nav.language-switcher a'))
      .map(a => [a.getAttribute('hreflang'), a.getAttribute('href'), a.getAttribute('lang')]),
    duplicateIds: Object.keys(seen).filter(id => seen[id] > 1),
  };
}"""
# What is read of a page at each phone width, in one call.
PHONE_FACTS = """tables => ({
  scrollWidth: document.documentElement.scrollWidth,
  // Each of the wide tables: [scrollWidth, clientWidth] of each scrolling box holding one.
  tableBoxes: Object.fromEntries(tables.map(table => [table, Array.from(
    document.querySelectorAll('.table-scroll')).filter(el => el.querySelector(table))
    .map(el => [el.scrollWidth, el.clientWidth])])),
  // A number split over two lines is misread and misdialled: each is one line box.
  splitNumbers: Array.from(document.querySelectorAll('a[href^="tel:"], .phone-number'))
    .filter(el => el.getClientRects().length > 1).map(el => el.textContent),
  // A box that scrolls on its own can be reached by keyboard and is named for screen readers.
  unlabelledBoxes: Array.from(document.querySelectorAll('.table-scroll')).filter(el =>
    el.tabIndex !== 0 || el.getAttribute('role') !== 'region' ||
    !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    .map(el => el.outerHTML.slice(0, 80)),
})"""


def public_pages():
    return list(Page.objects.live().public().filter(depth__gt=1).specific())


def public_paths():
    """Every public demo page (in every language), a search and a page that is not found."""
    return [*(page.url for page in public_pages()), "/search/?query=surgery", "/no-such-page/"]


def phone_paths():
    """Every public demo page, and the pages that are not in the tree: archives, listings, search."""
    pages = public_pages()
    paths = [page.url for page in pages]
    archives = [page.url + "archive/" for page in pages if type(page).__name__ == "PublicationPage"]
    return [*paths, *archives, reverse("surgeries:upcoming"), "/search/?query=surgery"]


@dataclass
class DesktopView:
    """One page at the default desktop size (1280 by 720)."""

    status: int
    lang: str
    direction: str
    switcher: dict  # hreflang: (href, lang) of each link in the language switcher
    duplicate_ids: list
    violations: list  # axe-core's violations, as axe reports them


@dataclass
class PhoneView:
    """One page on a phone: how wide it scrolls and what does not fit."""

    scroll_width: int
    screenshot_width: int | None
    split_numbers: list
    unlabelled_boxes: list
    table_boxes: dict  # each of WIDE_TABLES: [scrollWidth, clientWidth] of each box holding one


class EveryPage:
    """The demo's pages as seen at desktop size and on phones, each looked at when first read.

    The two halves are separate pytest-xdist groups (``DESKTOP`` and ``PHONES``), so with two
    workers each loads its half once and they run side by side.
    """

    def __init__(self, live_server, browser, screenshots):
        self.url, self.browser, self.screenshots = live_server.url, browser, screenshots

    @cached_property
    def desktop(self):
        """{path: DesktopView} for every public path."""
        from axe_playwright_python.sync_playwright import Axe

        axe, seen = Axe(), {}
        with open_context(self.browser) as page:
            for path in public_paths():
                response = page.goto(self.url + path)
                facts = page.evaluate(DESKTOP_FACTS)
                seen[path] = DesktopView(
                    status=response.status,
                    lang=facts["lang"],
                    direction=facts["direction"],
                    switcher={hreflang: (href, lang) for hreflang, href, lang in facts["switcher"]},
                    duplicate_ids=facts["duplicateIds"],
                    violations=axe.run(page).response["violations"],
                )
        return seen

    @cached_property
    def phone(self):
        """{width: {path: PhoneView}} for each of PHONE_WIDTHS and every path of phone_paths().

        Each page is loaded once and looked at in each width in turn, as a phone turned or a
        window narrowed would show it: the layout is worked out afresh for each width.
        """
        seen = {width: {} for width in PHONE_WIDTHS}
        first = {"width": PHONE_WIDTHS[0], "height": PHONE_HEIGHT}
        with open_context(self.browser, viewport=first) as page:
            for path in phone_paths():
                page.goto(self.url + path)
                for width in PHONE_WIDTHS:
                    page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
                    seen[width][path] = self.phone_view(page, path, width)
        return seen

    def phone_view(self, page, path, width):
        facts = page.evaluate(PHONE_FACTS, WIDE_TABLES)
        screenshot_width = None
        if width == SCREENSHOT_WIDTH:
            # What a person would see scrolling down the page: the picture is as wide as the page.
            # JPEG: the same picture as PNG for about a third less of the browser's time.
            picture_path = self.screenshots / f"{slugify(path) or 'home'}.jpeg"
            picture = page.screenshot(full_page=True, type="jpeg", path=picture_path)
            screenshot_width = PillowImage.open(io.BytesIO(picture)).width
        return PhoneView(
            scroll_width=facts["scrollWidth"],
            screenshot_width=screenshot_width,
            split_numbers=facts["splitNumbers"],
            unlabelled_boxes=facts["unlabelledBoxes"],
            table_boxes=facts["tableBoxes"],
        )


_seen = []  # the one EveryPage of this session, once a test has asked for it


def every_page(live_server, browser, tmp_path_factory):
    """The demo's pages as seen in this session; each half is loaded by the first test that reads it."""
    if not _seen:
        _seen.append(EveryPage(live_server, browser, tmp_path_factory.mktemp("phone-screenshots")))
    return _seen[0]


@contextmanager
def open_context(browser, **options):
    """A page in a new browser context, closed once late requests (images, icons) have finished."""
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        yield page
        page.wait_for_load_state("networkidle")
    finally:
        context.close()


def format_violations(violations):
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
