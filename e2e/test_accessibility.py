"""Every public page passes axe-core and works without JavaScript."""

import pytest

from e2e.every_page import DESKTOP, format_violations, public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@DESKTOP
def test_every_demo_page_passes_axe(every_demo_page):
    paths = public_paths()
    assert len(paths) >= 10
    problems = {
        path: format_violations(every_demo_page.desktop[path].violations)
        for path in paths
        if every_demo_page.desktop[path].violations
    }
    assert not problems, "\n".join(f"{path}\n{text}" for path, text in problems.items())


@DESKTOP
def test_no_duplicate_ids_on_any_page(every_demo_page):
    duplicates = {
        path: every_demo_page.desktop[path].duplicate_ids
        for path in public_paths()
        if every_demo_page.desktop[path].duplicate_ids
    }
    assert not duplicates, "\n".join(f"{path}: duplicate ids {ids}" for path, ids in duplicates.items())


def test_pages_work_without_javascript_and_set_no_cookie(demo_live_server, no_js_page):
    page = no_js_page
    page.goto(demo_live_server.url + "/")
    page.get_by_role("link", name="Kingstanding").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kingstanding"
    page.get_by_label("Search this site").fill("surgery")
    page.get_by_label("Search this site").press("Enter")
    assert "results" in page.get_by_role("status").inner_text()
    assert page.context.cookies() == []


def test_keyboard_users_can_skip_to_the_content(demo_live_server, page):
    page.goto(demo_live_server.url + "/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main-content"
