"""What readers see: the publication's listings, archive, tag and author pages, and a post."""

import datetime
import html
import json
import re

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from newsletters.models import POSTS_PER_PAGE, PostPage

pytestmark = pytest.mark.django_db

WATCH = "/kingstanding/watch/"


def titles_in(response):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_the_publication_lists_its_posts_newest_first_with_pages(client, make_posts):
    make_posts(POSTS_PER_PAGE + 3)
    response = client.get(WATCH)
    assert response.status_code == 200
    assert titles_in(response)[:3] == ["Issue 13", "Issue 12", "Issue 11"]
    assert len(titles_in(response)) == POSTS_PER_PAGE
    older = re.search(r'<a rel="next" href="([^"]+)">Next page</a>', response.content.decode())
    second = client.get(WATCH + html.unescape(older[1]))
    assert titles_in(second) == ["Issue 3", "Issue 2", "Issue 1"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "9" * 40])
def test_bad_page_numbers_give_a_real_page(client, make_posts, page):
    make_posts(POSTS_PER_PAGE + 3)
    response = client.get(WATCH, {"page": page})
    assert response.status_code == 200
    assert titles_in(response)


def test_the_publication_shows_its_contacts_and_feeds(client, publication):
    html = client.get(WATCH).content.decode()
    assert "Nothing has been published here yet." in html
    assert 'href="mailto:watch@example.org"' in html
    assert 'href="tel:01214960000"' in html
    rss = reverse("newsletters:publication_rss", args=[publication.pk])
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Kingstanding Watch (RSS)" href="{rss}">'
        in html
    )
    assert f'href="{reverse("newsletters:site_atom")}"' in html


def test_drafts_and_other_publications_posts_are_not_listed(client, make_posts, publication, place):
    make_posts(2)
    PostPage.objects.filter(slug="issue-2").update(live=False)
    html = client.get(WATCH).content.decode()
    assert "Issue 1" in html and "Issue 2" not in html


def test_the_archive_lists_months_with_counts_and_links(client, make_posts):
    make_posts(6)  # weekly from 6 January 2020
    response = client.get(WATCH + "archive/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/kingstanding/watch/archive/2020/2/">February 2020</a>' in html
    assert "(4 posts)" in html and "(2 posts)" in html
    assert f'<link rel="canonical" href="http://testserver{WATCH}archive/">' in html


def test_a_month_and_a_year_list_their_posts(client, make_posts):
    make_posts(6)
    month = client.get(WATCH + "archive/2020/2/")
    assert month.status_code == 200
    assert "Published in February 2020" in month.content.decode()
    assert titles_in(month) == ["Issue 6", "Issue 5"]
    year = client.get(WATCH + "archive/2020/")
    assert len(titles_in(year)) == 6


@pytest.mark.parametrize(
    "path",
    [
        "archive/2020/13/",
        "archive/2020/0/",
        "archive/2019/5/",
        "archive/1999/",
        "archive/0/1/",
        "archive/x/",
        "archive/0/",
        "archive/99999/",
        "archive/99999/1/",
    ],
)
def test_unknown_months_are_not_found(client, make_posts, path):
    make_posts(2)
    assert client.get(WATCH + path).status_code == 404


def test_a_tag_page_lists_the_tagged_posts_and_links_its_feeds(client, make_posts):
    make_posts(4)
    response = client.get(WATCH + "tags/scams/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Posts tagged “scams”" in html
    assert titles_in(response) == ["Issue 4", "Issue 2"]
    assert f'href="{reverse("newsletters:tag_rss", args=["scams"])}"' in html


@pytest.mark.parametrize("path", ["tags/no-such-tag/", "tags/%3Cscript%3E/", "authors/nobody/"])
def test_unknown_tags_and_authors_are_not_found(client, make_posts, path):
    make_posts(1)
    assert client.get(WATCH + path).status_code == 404


def test_a_tag_used_only_elsewhere_is_not_found_here(client, make_posts, publication):
    make_posts(1)
    assert client.get(WATCH + "tags/bins/").status_code == 200
    PostPage.objects.update(live=False)
    assert client.get(WATCH + "tags/bins/").status_code == 404


def test_author_pages_exist_only_for_authors_who_agreed_to_be_named(client, make_posts):
    make_posts(2)
    named = client.get(WATCH + "authors/maureen-lewis/")
    assert named.status_code == 200
    assert "Posts by Maureen Lewis" in named.content.decode()
    assert client.get(WATCH + "authors/susan-clarke/").status_code == 404


def test_a_post_shows_its_body_authors_tags_contacts_and_neighbours(client, make_posts):
    make_posts(3)
    response = client.get(WATCH + "issue-2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Issue 2</h1>" in html
    assert "News for issue 2" in html and "Courier fraud" in html
    assert '<a href="/kingstanding/watch/authors/maureen-lewis/">Maureen Lewis</a>' in html
    assert "Susan Clarke" not in html
    assert '<a href="/kingstanding/watch/tags/bins/" rel="tag">bins</a>' in html
    assert 'rel="prev">Issue 1</a>' in html and 'rel="next">Issue 3</a>' in html
    assert 'href="mailto:watch@example.org"' in html


def test_a_post_shows_a_new_neighbour_and_a_hidden_author_on_the_next_request(
    client, make_posts, publication, authors
):
    """Its publication, neighbours, authors and tags are cached until the next publish or author change."""
    first, _second = make_posts(2)
    html = client.get(WATCH + "issue-1/").content.decode()
    byline = '<a href="/kingstanding/watch/authors/maureen-lewis/">Maureen Lewis</a>'
    assert 'rel="next">Issue 2</a>' in html and byline in html
    extra = PostPage(
        title="Extra issue", slug="extra", date=first.date + datetime.timedelta(days=1), live=False
    )
    publication.add_child(instance=extra)
    extra.save_revision().publish()
    assert 'rel="next">Extra issue</a>' in client.get(WATCH + "issue-1/").content.decode()
    authors["named"].show_publicly = False
    authors["named"].save()
    assert byline not in client.get(WATCH + "issue-1/").content.decode()


def test_a_preview_shows_the_editors_own_tags_not_the_cached_ones(client, make_posts):
    from django.test import RequestFactory

    [post] = make_posts(1)
    assert client.get(WATCH + "issue-1/").status_code == 200  # the live page's tags are cached
    post.tags.add("street-lights")
    preview = post.make_preview_request(RequestFactory().get("/"))
    assert 'rel="tag">street-lights</a>' in preview.render().content.decode()


def test_the_publication_lists_a_newly_published_post_first_on_the_next_request(
    client, make_posts, publication
):
    make_posts(POSTS_PER_PAGE + 1)
    assert titles_in(client.get(WATCH))[0] == "Issue 11"
    older = client.get(
        WATCH + "?" + re.search(r'href="\?([^"]+)">', client.get(WATCH).content.decode()).group(1)
    )
    assert titles_in(older) == ["Issue 1"]
    extra = PostPage(title="Extra issue", slug="extra", date=datetime.date(2030, 1, 1), live=False)
    publication.add_child(instance=extra)
    extra.save_revision().publish()
    assert titles_in(client.get(WATCH))[:2] == ["Extra issue", "Issue 11"]


def test_a_post_has_plain_share_links_and_no_third_party_scripts(client, make_posts):
    make_posts(1)
    html = client.get(WATCH + "issue-1/").content.decode()
    for start in (
        "mailto:?subject=Issue%201",
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver",
        "https://x.com/intent/post?url=",
        "https://wa.me/?text=",
    ):
        assert f'href="{start}' in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or 'src="/static/' in attrs for attrs in scripts)
    assert ' style="' not in html


def test_a_pictures_credit_is_shown_under_it(client, make_posts, picture):
    picture.credit = "Photo: Pat Jones"
    picture.save()
    make_posts(1)
    html = client.get(WATCH + "issue-1/").content.decode()
    lead = re.search(r'<figure class="post-lead-image">.*?</figure>', html, re.S).group(0)
    assert "<figcaption>Photo: Pat Jones</figcaption>" in lead


def test_a_post_has_open_graph_twitter_and_news_article_data(client, make_posts):
    make_posts(1)
    html = client.get(WATCH + "issue-1/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://testserver/kingstanding/watch/issue-1/">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+\.jpg">', html)
    assert '<meta property="og:image:alt" content="Houses on Kings Road.">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Issue 1"
    assert data["datePublished"] == "2020-01-06"
    assert data["author"] == [{"@type": "Person", "name": "Maureen Lewis"}]
    assert data["image"][0].startswith("http://testserver/media/")
    assert data["publisher"]["name"] == "Kingstanding Watch"
    assert set(data["keywords"]) == {"bins", "meetings"}


def test_json_ld_cannot_be_broken_out_of(client, make_posts):
    make_posts(
        1,
    )
    PostPage.objects.filter(slug="issue-1").update(title="</script><script>alert(1)</script>")
    html = client.get(WATCH + "issue-1/").content.decode()
    assert "<script>alert(1)" not in html


def test_the_print_edition_has_name_date_contacts_address_and_a_qr_code(client, make_posts):
    make_posts(1)
    html = client.get(WATCH + "issue-1/").content.decode()
    top = html[html.index("print-edition--top") :]
    assert "Kingstanding Watch" in top[:400] and "Issue date: 6 January 2020" in top[:400]
    bottom = html[html.index("print-edition--bottom") :]
    assert "http://testserver/kingstanding/watch/issue-1/" in bottom
    assert "0121 496 0000" in bottom and "watch@example.org" in bottom
    assert '<svg role="img" aria-label="QR code: the address of this page"' in bottom


def test_the_print_edition_of_an_urdu_post_prints_right_to_left(
    client, make_posts, home_page, place, publication
):
    from django.conf import settings

    from wagtail.models import Locale

    post = make_posts(1)[0]
    urdu = Locale.objects.get_or_create(language_code="ur")[0]
    for page in (home_page, place, publication):
        page.copy_for_translation(urdu).save_revision().publish()
    translated = post.copy_for_translation(urdu)
    translated.title = "شمارہ 1"
    translated.save()
    translated.save_revision().publish()

    page = client.get("/ur" + WATCH + "issue-1/").content.decode()
    assert '<html lang="ur" dir="rtl">' in page
    assert 'href="/static/css/print.css" media="print"' in page
    top = page[page.index("print-edition--top") :]
    assert "Kingstanding Watch" in top[:400]
    bottom = page[page.index("print-edition--bottom") :]
    assert "http://testserver/ur/kingstanding/watch/issue-1/" in bottom
    # The print styles name sides by reading direction, so dir="rtl" mirrors the sheet.
    css = (settings.BASE_DIR / "static/css/print.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.findall(r"[\w-]*\b(?:left|right|top|bottom)\b[\w-]*\s*:", rules)
    assert "border-block-start" in rules and "margin-block-end" in rules


def test_reading_sets_no_cookie_and_is_publicly_cacheable(client, make_posts):
    make_posts(2)
    for path in (WATCH, WATCH + "issue-1/", WATCH + "archive/", WATCH + "tags/bins/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, path
        assert "public" in response["Cache-Control"], path


def test_a_private_publication_is_not_shown_to_the_public(client, make_posts, publication):
    make_posts(1)
    PageViewRestriction.objects.create(page=publication, restriction_type="login")
    assert client.get(WATCH).status_code == 302
    assert client.get(WATCH + "issue-1/").status_code == 302
