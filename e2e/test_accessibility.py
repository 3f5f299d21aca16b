"""Every public page passes axe-core and works without JavaScript."""

from wagtail.models import Page

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_paths():
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    paths = [page.url for page in pages]
    return [*paths, "/search/?query=surgery", "/no-such-page/"]


def format_violations(violations):
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def test_every_demo_page_passes_axe(demo_live_server, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    paths = public_paths()
    assert len(paths) >= 10
    for path in paths:
        axe_page.goto(demo_live_server.url + path)
        results = axe.run(axe_page)
        if results.violations_count:
            problems[path] = format_violations(results.response["violations"])
    assert not problems, "\n".join(f"{path}\n{text}" for path, text in problems.items())


def test_no_duplicate_ids_on_any_page(demo_live_server, page):
    for path in public_paths():
        page.goto(demo_live_server.url + path)
        duplicates = page.evaluate(
            "() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) "
            "{ seen[el.id] = (seen[el.id] || 0) + 1 } return Object.keys(seen).filter(k => seen[k] > 1) }"
        )
        assert not duplicates, f"{path}: duplicate ids {duplicates}"


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
