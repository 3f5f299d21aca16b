"""Newsletters in a real browser: axe on the listings, the printed issue, click-to-load video."""

import io
import re
import unicodedata

from django.urls import reverse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = "/kingstanding/neighbourhood-watch/"
BLOG = "/handsworth/allotments-blog/"


@pytest.fixture
def live_demo(demo_live_server):
    """The demo server, with Wagtail's cached site addresses dropped.

    ``demo_live_server`` moves the Site with ``QuerySet.update()``, which sends no
    signal, so full URLs (the printed address, feeds) would keep the old host.
    """
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    return demo_live_server


def demo_issue():
    from newsletters.models import PostPage, PublicationPage

    watch = PublicationPage.objects.get(slug="neighbourhood-watch")
    return PostPage.objects.child_of(watch).live().order_by("-date").first()


def listing_paths():
    issue = demo_issue()
    return [
        WATCH,
        WATCH + "?page=2",
        WATCH + "archive/",
        WATCH + f"archive/{issue.date.year}/",
        WATCH + f"archive/{issue.date.year}/{issue.date.month}/",
        WATCH + "tags/scams/",
        WATCH + "authors/maureen-lewis/",
        BLOG + "tags/growing/",
        BLOG + "authors/dev-patel/",
        issue.url,
    ]


def test_archive_tag_and_author_pages_pass_axe(live_demo, axe_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for path in listing_paths():
        response = axe_page.goto(live_demo.url + path)
        assert response.status == 200, path
        results = axe.run(axe_page)
        if results.violations_count:
            problems[path] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            ]
    assert not problems, problems


def test_listing_pages_have_no_duplicate_ids_and_work_without_javascript(live_demo, no_js_page):
    page = no_js_page
    page.goto(live_demo.url + WATCH)
    page.get_by_role("link", name="Everything by month").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Everything by month"
    page.get_by_role("link", name=re.compile(r"^\w+ \d{4}$")).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Published in")
    page.get_by_role("link", name=re.compile(r"^\w+ \d{4}: ")).first.click()
    page.locator('a[rel="tag"]').first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Posts tagged")
    duplicates = page.evaluate(
        "() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) "
        "{ seen[el.id] = (seen[el.id] || 0) + 1 } return Object.keys(seen).filter(k => seen[k] > 1) }"
    )
    assert not duplicates
    assert page.context.cookies() == []


def test_the_demo_issue_prints_with_its_name_date_contacts_address_and_qr_code(live_demo, page):
    from pypdf import PdfReader

    issue = demo_issue()
    url = live_demo.url + issue.url
    page.goto(url)
    assert not page.locator(".print-edition--bottom").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".print-edition--top").is_visible()
    assert page.locator(".print-edition__qr svg").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".share-links").is_visible()

    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Kingstanding Neighbourhood Watch" in flat
    assert f"Issue date: {issue.date.day} {issue.date:%B %Y}" in flat
    assert "0121 496 0312" in flat
    assert "kingstanding.watch@patchwork.example" in flat
    assert re.sub(r"\s+", "", url) in re.sub(r"\s+", "", text)
    assert issue.title.split(":")[0] in flat
    assert "Share this" not in flat and "Search this site" not in flat
    assert len(reader.pages) <= 4


def test_a_video_loads_nothing_from_youtube_until_the_reader_presses_play(live_demo, page):
    from newsletters.models import PostPage

    post = PostPage.objects.get(slug="a-video-tour-of-the-plots")
    third_party = []

    def record(route):
        third_party.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>player</title>")

    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), record)
    page.goto(live_demo.url + post.url)
    page.wait_for_load_state("networkidle")
    assert third_party == []
    assert page.locator("iframe").count() == 0
    with page.expect_request(re.compile(r"^https://www\.youtube-nocookie\.com/")) as player:
        page.get_by_role("link", name=re.compile("Play the video")).click()
    assert player.value.url.startswith("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
    frame = page.locator("iframe.block-embed__frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
    assert frame.get_attribute("title") == "A walk round Handsworth Park allotments"


def test_the_browser_applies_the_permissions_policy_and_videos_may_still_go_full_screen(live_demo, page):
    from newsletters.models import PostPage

    post = PostPage.objects.get(slug="a-video-tour-of-the-plots")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.fulfill(body=""))
    page.goto(live_demo.url + post.url)
    page.wait_for_load_state("networkidle")
    # Chromium names any feature it does not recognise in a console error; there is none.
    assert not [text for text in console if "permissions" in text.lower() and "policy" in text.lower()]
    allowed = page.evaluate(
        "features => Object.fromEntries(features.map(f => [f, document.featurePolicy.allowsFeature(f)]))",
        ["camera", "microphone", "geolocation", "payment", "fullscreen", "autoplay", "picture-in-picture"],
    )
    assert allowed == {
        "camera": False,
        "microphone": False,
        "geolocation": False,
        "payment": False,
        "fullscreen": True,
        "autoplay": True,
        "picture-in-picture": True,
    }
    page.get_by_role("link", name=re.compile("Play the video")).click()
    page.locator("iframe.block-embed__frame").wait_for()
    player = page.evaluate(
        "() => ['fullscreen', 'autoplay', 'camera'].map("
        "f => document.querySelector('iframe.block-embed__frame').featurePolicy.allowsFeature(f))"
    )
    assert player == [True, True, False]


def test_without_javascript_the_video_link_opens_the_original(live_demo, no_js_page):
    from newsletters.models import PostPage

    post = PostPage.objects.get(slug="a-video-tour-of-the-plots")
    no_js_page.goto(live_demo.url + post.url)
    link = no_js_page.get_by_role("link", name=re.compile("Play the video"))
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def test_feed_readers_find_the_feeds_from_the_page(live_demo, page):
    page.goto(live_demo.url + WATCH)
    alternates = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    hrefs = [alternates.nth(i).get_attribute("href") for i in range(alternates.count())]
    assert reverse("newsletters:site_atom") in hrefs
    publication_feed = next(href for href in hrefs if "/publications/" in href)
    response = page.request.get(live_demo.url + publication_feed)
    assert response.ok
    assert "Kingstanding Neighbourhood Watch" in response.text()


def short_post():
    """A one-paragraph post with a button, in the demo Neighbourhood Watch newsletter."""
    import datetime

    from newsletters.models import PostPage, PublicationPage

    watch = PublicationPage.objects.get(slug="neighbourhood-watch")
    post = PostPage(
        title="Bin day moves to Wednesday",
        slug="bin-day-moves",
        date=datetime.date(2026, 3, 2),
        intro="<p>Just for this week.</p>",
        body=[
            ("paragraph", "<p>Because of the bank holiday, blue bins go out on Wednesday this week.</p>"),
            ("button", {"text": "Check your bin day", "page": None, "url": "https://example.org/bins"}),
        ],
    )
    watch.add_child(instance=post)
    post.save_revision().publish()
    return PostPage.objects.get(pk=post.pk)


def test_short_posts_print_on_one_a4_sheet_with_their_contacts_and_qr_code(live_demo, page):
    from pypdf import PdfReader

    from newsletters.models import PostPage

    # The demo blog's English posts (a picture, a few paragraphs, an event) and a one-paragraph notice.
    english = PostPage.objects.live().filter(locale__language_code="en-gb")
    posts = [*english.filter(url_path__contains="/allotments-blog/"), short_post()]
    assert len(posts) >= 3
    sheets = {}
    for post in posts:
        page.goto(live_demo.url + post.url)
        page.emulate_media(media="print")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
        sheets[post.slug] = len(reader.pages)
        # NFKC turns the PDF's ligatures ("ﬁ") back into letters.
        flat = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", reader.pages[-1].extract_text()))
        assert "Read this online:" in flat and post.title in flat, post.slug
        assert page.locator(".print-edition__qr svg").is_visible()
    assert sheets == {post.slug: 1 for post in posts}


def test_buttons_print_legibly_without_background_graphics(live_demo, page):
    post = short_post()
    page.goto(live_demo.url + post.url)
    page.emulate_media(media="print")
    button = page.get_by_role("link", name="Check your bin day")
    assert button.is_visible()
    style = button.evaluate(
        "el => { const s = getComputedStyle(el); "
        "return [s.color, s.borderTopWidth, s.borderTopStyle, s.borderTopColor] }"
    )
    color, border_width, border_style, border_color = style

    def darkness(rgb):
        red, green, blue = (int(part) for part in re.findall(r"\d+", rgb)[:3])
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255

    # Printers leave out background colours, so the text itself must be dark on the white paper
    # and the button's edge drawn with a border.
    assert darkness(color) < 0.3, color
    assert float(border_width.removesuffix("px")) >= 1 and border_style == "solid"
    assert darkness(border_color) < 0.3, border_color
