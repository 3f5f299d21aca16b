"""A volunteer translates a demo post into Urdu in wagtail-localize's editor, and a reader finds it."""

import re

import pytest

from e2e.every_page import DESKTOP, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long translator password"
URDU_TITLE = "کنگز اسٹینڈنگ کی خبریں"


def demo_post():
    from newsletters.models import PostPage, PublicationPage

    watch = PublicationPage.objects.get(slug="neighbourhood-watch")
    return PostPage.objects.child_of(watch).live().order_by("-date").first()


def test_a_post_translated_into_urdu_in_the_admin_is_read_at_its_urdu_address(
    demo_live_server, page, axe_page
):
    from django.contrib.auth import get_user_model

    from wagtail.models import Locale, Site

    from axe_playwright_python.sync_playwright import Axe

    get_user_model().objects.create_superuser("translator", "translator@example.org", PASSWORD)
    post = demo_post()
    base = demo_live_server.url

    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("translator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # "Translate" from the page's own menu, into Urdu.
    page.goto(f"{base}/admin/pages/{post.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role(
        "button", name="Actions", exact=True
    ).click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("Urdu").check()
    page.get_by_role("button", name="Submit").click()

    # wagtail-localize's editor: translate the title, leave the rest in English for now, publish.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    title_segment = (
        page.locator("li")
        .filter(has_text=post.title)
        .filter(has=page.get_by_role("button", name="Translate", exact=True))
    )
    title_segment.last.get_by_role("button", name="Translate", exact=True).click()
    page.locator("textarea").fill(URDU_TITLE)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Edit", exact=True).first.wait_for()
    page.get_by_role("button", name="Publish in Urdu").click()
    page.wait_for_load_state("networkidle")

    urdu = Locale.objects.get(language_code="ur")
    urdu_post = post.get_translation(urdu)
    assert urdu_post.live, "the Urdu post is published"
    Site.clear_site_root_paths_cache()
    english_url, urdu_url = post.get_url(), urdu_post.get_url()
    assert urdu_url == "/ur" + english_url

    # A reader opens it at its /ur/ address.
    response = axe_page.goto(base + urdu_url)
    assert response.status == 200
    html = axe_page.locator("html")
    assert html.get_attribute("lang") == "ur" and html.get_attribute("dir") == "rtl"
    assert axe_page.get_by_role("heading", level=1).inner_text() == URDU_TITLE
    back = axe_page.locator("nav.language-switcher a")
    assert back.count() == 1
    assert back.get_attribute("href") == english_url
    assert back.get_attribute("hreflang") == "en-gb" and back.get_attribute("lang") == "en-gb"

    def alternates(on):
        return {
            link.get_attribute("hreflang"): link.get_attribute("href")
            for link in on.locator('head link[rel="alternate"][hreflang]').all()
        }

    pairs = {"en-gb": base + english_url, "ur": base + urdu_url, "x-default": base + english_url}
    assert alternates(axe_page) == pairs
    assert Axe().run(axe_page).violations_count == 0

    axe_page.goto(base + english_url)
    assert alternates(axe_page) == pairs
    to_urdu = axe_page.locator("nav.language-switcher a")
    assert to_urdu.get_attribute("href") == urdu_url and to_urdu.inner_text() == "اردو"


# The demo's translated pages: the home page and one page of each public type, by English address.
TRANSLATED_DEMO_PATHS = [
    "/",
    "/handsworth/",
    "/handsworth/handsworth-village-hall/",
    "/handsworth/allotments-blog/",
    "/handsworth/allotments-blog/seed-swap-on-saturday/",
    "/handsworth/handsworth-surgery-for-tenants-and-residents-groups/",
    "/about/",
]
DIRECTIONS = {"ur": "rtl", "ar": "rtl", "pl": "ltr"}


@DESKTOP
def test_every_translated_demo_page_passes_axe_with_its_language_and_switcher(every_demo_page):
    problems = {}
    for path in TRANSLATED_DEMO_PATHS:
        for code, direction in DIRECTIONS.items():
            url = f"/{code}{path}"
            assert url in every_demo_page.desktop, f"{url} is not a live public page"
            seen = every_demo_page.desktop[url]
            assert seen.status == 200, url
            assert (seen.lang, seen.direction) == (code, direction), url

            # The switcher links this page in English and in the other two languages, each in its own.
            expected = {"en-gb": (path, "en-gb")}
            expected |= {other: (f"/{other}{path}", other) for other in DIRECTIONS if other != code}
            assert seen.switcher == expected, url

            if seen.violations:
                problems[url] = format_violations(seen.violations)
    assert not problems, "\n".join(f"{url}\n{text}" for url, text in problems.items())
