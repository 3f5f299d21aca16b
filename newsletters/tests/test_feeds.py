"""RSS and Atom feeds, parsed the way a feed reader would parse them."""

import re

from django.urls import reverse

from wagtail.models import Locale, PageViewRestriction

import feedparser
import pytest

from newsletters.feeds import FEED_ITEMS
from newsletters.models import PostPage, PublicationPage

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


def test_the_place_feeds_have_the_names_the_home_app_uses(place):
    assert reverse("newsletters:place_rss", args=[place.pk]) == f"/feeds/places/{place.pk}/rss/"
    assert reverse("newsletters:place_atom", args=[place.pk]) == f"/feeds/places/{place.pk}/atom/"


def test_every_feed_parses_and_holds_the_posts(client, make_posts, publication, place, feed_urls):
    make_posts(3)
    for name, url in feed_urls.items():
        response, feed = parse(client, url)
        expected_type = "application/atom+xml" if name.endswith("atom") else "application/rss+xml"
        assert response["Content-Type"].startswith(expected_type), name
        assert [entry.title for entry in feed.entries] == ["Issue 3", "Issue 2", "Issue 1"], name
        assert feed.feed.language == "en-gb" if name.endswith("rss") else True


@pytest.mark.parametrize("fmt", FORMATS)
def test_items_carry_full_content_with_absolute_urls_summary_author_tags_and_picture(
    client, make_posts, publication, fmt
):
    make_posts(1)
    _, feed = parse(client, reverse(f"newsletters:publication_{fmt}", args=[publication.pk]))
    assert feed.feed.title == "Kingstanding Watch"
    assert feed.feed.link == "http://testserver/kingstanding/watch/"
    entry = feed.entries[0]
    assert entry.link == "http://testserver/kingstanding/watch/issue-1/"
    assert entry.summary == "What happened in week 1."
    assert entry.author == "Maureen Lewis"
    assert {tag.term for tag in entry.tags} == {"bins", "meetings"}
    content = entry.content[0].value
    assert "News for issue 1" in content and "Courier fraud" in content
    assert 'href="http://testserver/kingstanding/"' in content
    assert re.search(r'<img [^>]*src="http://testserver/media/images/[^"]+\.jpg"', content)
    assert not re.search(r'(href|src)="/', content)
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0


def test_authors_who_did_not_agree_are_never_named(client, make_posts, publication, place, feed_urls):
    make_posts(1)
    for url in feed_urls.values():
        assert b"Susan Clarke" not in client.get(url).content
    assert client.get(reverse("newsletters:author_rss", args=["susan-clarke"])).status_code == 404


def test_a_feed_holds_at_most_twenty_items(client, make_posts, publication):
    make_posts(FEED_ITEMS + 3)
    _, feed = parse(client, reverse("newsletters:publication_rss", args=[publication.pk]))
    assert len(feed.entries) == FEED_ITEMS
    assert feed.entries[0].title == f"Issue {FEED_ITEMS + 3}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_readers_that_poll_get_not_modified(client, make_posts, publication, fmt):
    make_posts(2)
    url = reverse(f"newsletters:publication_{fmt}", args=[publication.pk])
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert "public" in by_etag["Cache-Control"]
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_publishing_a_post_changes_the_etag(client, make_posts, publication):
    make_posts(1)
    url = reverse("newsletters:publication_atom", args=[publication.pk])
    before = client.get(url)["ETag"]
    post = PostPage.objects.get(slug="issue-1")
    post.title = "Issue 1, corrected"
    post.save_revision().publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert b"Issue 1, corrected" in after.content


def test_only_live_public_posts_appear(client, make_posts, publication, place, feed_urls):
    make_posts(2)
    PostPage.objects.filter(slug="issue-2").update(live=False)
    hidden = place.add_child(instance=PublicationPage(title="Committee only", slug="committee"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    make_posts(1, parent=hidden, search_description="")
    PostPage.objects.filter(path__startswith=hidden.path).update(title="Secret minutes")
    for url in feed_urls.values():
        content = client.get(url).content
        assert b"Issue 1" in content
        assert b"Issue 2" not in content and b"Secret minutes" not in content


def test_a_private_publication_has_no_feed(client, make_posts, publication):
    make_posts(1)
    PageViewRestriction.objects.create(page=publication, restriction_type="password", password="watch")
    for fmt in FORMATS:
        assert client.get(reverse(f"newsletters:publication_{fmt}", args=[publication.pk])).status_code == 404


def test_feeds_keep_to_their_locale(client, make_posts, publication, home_page):
    make_posts(1)
    polish, _ = Locale.objects.get_or_create(language_code="pl")
    home_page.copy_for_translation(polish).save_revision().publish()
    _, english = parse(client, reverse("newsletters:site_rss"))
    assert [entry.title for entry in english.entries] == ["Issue 1"]
    response = client.get("/pl/feeds/rss/")
    assert response.status_code == 200
    polish_feed = feedparser.parse(response.content)
    assert polish_feed.entries == []
    assert polish_feed.feed.language == "pl"


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/publications/999999/rss/",
        "/feeds/places/999999/atom/",
        "/feeds/tags/no-such-tag/rss/",
        "/feeds/authors/nobody/atom/",
        "/feeds/publications/abc/rss/",
        "/feeds/publications/99999999999999999999999/rss/",
        "/feeds/places/99999999999999999999999/atom/",
    ],
)
def test_unknown_feeds_are_not_found(client, make_posts, url):
    make_posts(1)
    assert client.get(url).status_code == 404


def test_a_place_feed_needs_a_place(client, make_posts, publication):
    make_posts(1)
    assert client.get(reverse("newsletters:place_rss", args=[publication.pk])).status_code == 404


def test_a_feed_only_answers_reads(client, publication):
    assert client.post(reverse("newsletters:publication_rss", args=[publication.pk])).status_code == 405


@pytest.fixture
def urdu_news(make_posts, home_page, place, publication, authors):
    """Two English posts, and the newest one in Urdu under Urdu copies of the town, place and newsletter."""
    english = make_posts(2)
    urdu = Locale.objects.get_or_create(language_code="ur")[0]
    for page in (home_page, place, publication):
        page.copy_for_translation(urdu).save_revision().publish()
    author = authors["named"].copy_for_translation(urdu)
    author.save()
    post = english[-1].copy_for_translation(urdu)
    post.title = "شمارہ 2"
    post.save()
    post.authors.set([author])
    post.save_revision().publish()
    return urdu


@pytest.mark.parametrize(
    ("prefix", "language", "titles"), [("", "en-gb", ["Issue 2", "Issue 1"]), ("/ur", "ur", ["شمارہ 2"])]
)
def test_every_feed_under_a_language_prefix_holds_that_languages_posts_and_says_so(
    client, urdu_news, feed_urls, prefix, language, titles
):
    for name, url in feed_urls.items():
        # The same address under /ur/ (whichever language's page the id names) is the Urdu feed.
        _, feed = parse(client, prefix + url)
        assert feed.feed.language == language, name
        assert [entry.title for entry in feed.entries] == titles, name
        assert all(f"{prefix}/kingstanding/" in entry.link for entry in feed.entries), name


def test_a_feed_by_the_urdu_pages_id_reads_in_english_without_the_prefix(
    client, urdu_news, publication, place
):
    urdu_publication = publication.get_translation(urdu_news)
    urdu_place = place.get_translation(urdu_news)
    for url in (
        f"/feeds/publications/{urdu_publication.pk}/atom/",
        f"/feeds/places/{urdu_place.pk}/rss/",
    ):
        _, feed = parse(client, url)
        assert feed.feed.language == "en-gb"
        assert [entry.title for entry in feed.entries] == ["Issue 2", "Issue 1"]


def test_a_feed_with_no_translation_in_the_language_is_not_found(client, make_posts, publication, place):
    make_posts(1)
    Locale.objects.get_or_create(language_code="pl")
    assert (
        client.get("/pl" + reverse("newsletters:publication_rss", args=[publication.pk])).status_code == 404
    )
    assert client.get("/pl" + reverse("newsletters:place_atom", args=[place.pk])).status_code == 404
