"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os

import pytest

from conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser(tmp_path_factory, django_db_setup):
    """One Chromium for the whole session (per pytest-xdist worker).

    While Playwright's event loop runs in this thread, Django keeps the thread's database
    connections apart from the ones it had before (asgiref's thread-critical local), so the
    tests from here on open a connection of their own. It is closed before the loop stops;
    left open, it made dropping the test database fail at the end ("being accessed by other
    users"). Asking for ``django_db_setup`` makes the browser go before the test database.
    """
    from django.db import connections

    from playwright.sync_api import sync_playwright

    os.environ["HOME"] = str(tmp_path_factory.mktemp("chromium-home"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def open_page(browser, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    yield page
    # Let late requests (images, icons) finish before the test database is emptied.
    page.wait_for_load_state("networkidle")
    context.close()


@pytest.fixture
def page(browser):
    yield from open_page(browser)


@pytest.fixture
def axe_page(browser):
    """A page whose context ignores our Content-Security-Policy, so axe's script can be injected."""
    yield from open_page(browser, bypass_csp=True)


@pytest.fixture
def no_js_page(browser):
    yield from open_page(browser, java_script_enabled=False)


@pytest.fixture
def demo_live_server(live_server, demo_site):
    """The demo town served over HTTP, with its Site pointing at the live server."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()  # save(), not update(): Wagtail clears its cached site addresses on save
    return live_server


@pytest.fixture
def every_demo_page(demo_live_server, browser, tmp_path_factory):
    """Every public demo page as seen once per viewport in this session (e2e/every_page.py).

    A test that uses it needs the mark of the half it reads (``every_page.DESKTOP`` or ``PHONES``),
    so pytest-xdist gives all the tests of a half to one worker.
    """
    from e2e import every_page

    return every_page.every_page(demo_live_server, browser, tmp_path_factory)
