"""Live coverage of a meeting: updates from a phone, readers' poll, the feed, ending with a summary."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import feedparser
import pytest

from cms.tests.front_cache_recorder import recorder
from cms.tests.people import editor
from newsletters import live
from newsletters.models import LiveUpdate, PostPage

pytestmark = pytest.mark.django_db

PAGE = "/kingstanding/watch/council-meeting/"


@pytest.fixture
def meeting(publication):
    post = PostPage(
        title="Council meeting",
        slug="council-meeting",
        date=datetime.date(2026, 11, 30),
        intro="<p>The ward committee, live.</p>",
        coverage=PostPage.Coverage.LIVE,
    )
    publication.add_child(instance=post)
    post.save_revision().publish()
    return post


@pytest.fixture
def people(django_user_model, publication):
    return {
        "publisher": editor(
            django_user_model, "publisher", publication, ["add_page", "change_page", "publish_page"]
        ),
        "writer": editor(django_user_model, "writer", publication, ["add_page", "change_page"]),
        "stranger": editor(django_user_model, "stranger", publication, []),
    }


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def add_url(post):
    return reverse("newsletters_live:add", args=[post.pk])


def poll_url(post):
    return reverse("newsletters:live_updates", args=[post.pk])


def anchors(html):
    return re.findall(r'<li class="live-update" id="(update-\d+)"', html)


# --- readers ------------------------------------------------------------------------------------


def test_readers_see_updates_newest_first_each_with_its_anchor(client, meeting, people):
    first = live.publish_update(meeting, "Meeting opened; 12 residents here.", people["writer"])
    second = live.publish_update(
        meeting, "Bins item: fortnightly from April.\nVote next month.", people["writer"]
    )
    html = client.get(PAGE).content.decode()
    assert anchors(html) == [f"update-{second.pk}", f"update-{first.pk}"]
    assert f'href="#update-{second.pk}"' in html
    assert "Bins item: fortnightly from April.<br>Vote next month." in html
    assert 'aria-live="polite"' in html
    assert 'src="/static/js/live.js"' in html
    assert f'data-live-poll="{poll_url(meeting)}"' in html


def test_a_live_page_is_kept_only_briefly_by_shared_caches_and_sets_no_cookie(client, meeting):
    response = client.get(PAGE)
    assert "s-maxage=30" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert not response.cookies


def test_an_update_changes_the_pages_etag(client, meeting, people):
    before = client.get(PAGE)["ETag"]
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=before).status_code == 304
    live.publish_update(meeting, "Police panel: burglaries down.", people["writer"])
    after = client.get(PAGE, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_the_poll_answers_304_until_something_is_new(client, meeting, people):
    live.publish_update(meeting, "First.", people["writer"])
    response = client.get(poll_url(meeting))
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"] and "max-age=15" in response["Cache-Control"]
    data = response.json()
    assert data["status"] == "live"
    assert [item["id"] for item in data["updates"]] == [f"update-{LiveUpdate.objects.get().pk}"]
    etag = response["ETag"]
    unchanged = client.get(poll_url(meeting), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    update = live.publish_update(meeting, "Second.", people["writer"])
    changed = client.get(poll_url(meeting), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["updates"][0]["id"] == update.anchor
    assert f'id="{update.anchor}"' in changed.json()["updates"][0]["html"]


def test_the_poll_and_the_page_ask_the_database_little_however_many_updates(
    client, meeting, people, picture, django_assert_max_num_queries
):
    for number in range(30):
        LiveUpdate.objects.create(
            post=meeting, text=f"Update {number}", image=picture if number % 3 else None
        )
    client.get(poll_url(meeting))  # the renditions are made once
    with django_assert_max_num_queries(4):
        response = client.get(poll_url(meeting))
    assert len(response.json()["updates"]) == 30
    etag = response["ETag"]
    with django_assert_max_num_queries(2):
        assert client.get(poll_url(meeting), HTTP_IF_NONE_MATCH=etag).status_code == 304
    client.get(PAGE)
    with django_assert_max_num_queries(25):
        assert len(anchors(client.get(PAGE).content.decode())) == 30


def test_an_ordinary_draft_or_private_post_has_no_poll_or_update_feed(client, meeting, make_posts):
    ordinary = make_posts(1)[0]
    assert client.get(poll_url(ordinary)).status_code == 404
    assert client.get(reverse("newsletters:live_rss", args=[ordinary.pk])).status_code == 404
    assert "live.js" not in client.get("/kingstanding/watch/issue-1/").content.decode()
    PageViewRestriction.objects.create(page=meeting, restriction_type="password", password="x")
    assert client.get(poll_url(meeting)).status_code == 404
    assert client.post(poll_url(meeting)).status_code == 405


def test_the_updates_have_their_own_feed(client, meeting, people):
    first = live.publish_update(meeting, "Meeting opened.", people["writer"])
    second = live.publish_update(meeting, "Planning item deferred.", people["writer"])
    for name in ("live_rss", "live_atom"):
        response = client.get(reverse(f"newsletters:{name}", args=[meeting.pk]))
        assert response.status_code == 200 and "public" in response["Cache-Control"]
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        assert [entry.title for entry in feed.entries] == ["Planning item deferred.", "Meeting opened."]
        assert feed.entries[0].link == f"http://testserver{PAGE}#{second.anchor}"
        assert feed.entries[1].link.endswith(f"#{first.anchor}")
        again = client.get(
            reverse(f"newsletters:{name}", args=[meeting.pk]), HTTP_IF_NONE_MATCH=response["ETag"]
        )
        assert again.status_code == 304
    html = client.get(PAGE).content.decode()
    assert f'href="{reverse("newsletters:live_rss", args=[meeting.pk])}"' in html


def test_share_links_carry_the_areas_hashtag_and_no_third_party_script(client, meeting):
    html = client.get(PAGE).content.decode()
    hrefs = re.findall(r'<li><a href="([^"]+)" rel="noopener">Share by', html)
    services = [re.match(r"(mailto:|https://[^/]+)", href).group(1) for href in hrefs]
    assert {"mailto:", "https://mastodon.social", "https://bsky.app", "https://wa.me"} <= set(services)
    for href in hrefs:
        if not href.startswith("https://www.facebook.com"):  # Facebook takes only the address
            assert "%23Kingstanding" in href, href
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or 'src="/static/' in attrs for attrs in scripts)


def test_the_posts_own_hashtag_wins(client, meeting):
    meeting.hashtag = "KingstandingCouncil"
    meeting.save_revision().publish()
    assert "%23KingstandingCouncil" in client.get(PAGE).content.decode()


# --- the author's phone ---------------------------------------------------------------------------


def test_an_editor_adds_an_update_with_a_photo_in_one_step(meeting, people, client):
    writer = logged_in(people["writer"])
    form = writer.get(add_url(meeting))
    assert form.status_code == 200
    assert 'name="text"' in form.content.decode() and 'name="photo"' in form.content.decode()
    photo = SimpleUploadedFile("hall.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = writer.post(add_url(meeting), {"text": "The hall is full.", "photo": photo})
    assert response.status_code == 302 and response["Location"] == add_url(meeting)
    update = LiveUpdate.objects.get()
    assert update.author == people["writer"] and update.image.description == "The hall is full."
    assert meeting.revisions.count() == 1  # no page revision per update
    html = client.get(PAGE).content.decode()
    assert 'alt="The hall is full."' in html


def test_the_edit_screen_offers_the_live_buttons_to_editors(meeting, people):
    html = logged_in(people["publisher"]).get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])).content
    assert add_url(meeting).encode() in html
    assert reverse("newsletters_live:end", args=[meeting.pk]).encode() in html
    writer_html = (
        logged_in(people["writer"]).get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])).content
    )
    assert add_url(meeting).encode() in writer_html
    assert reverse("newsletters_live:end", args=[meeting.pk]).encode() not in writer_html


def test_the_publications_page_listing_offers_a_live_post_its_update_button(meeting, people, publication):
    html = logged_in(people["writer"]).get(reverse("wagtailadmin_explore", args=[publication.pk])).content
    assert add_url(meeting).encode() in html


def refused(response):
    """Wagtail's answer to a PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_people_who_may_not_edit_the_post_cannot_add_updates(meeting, people, client):
    stranger = logged_in(people["stranger"])
    assert refused(stranger.get(add_url(meeting)))
    assert refused(stranger.post(add_url(meeting), {"text": "Hi"}))
    assert "do not have permission" in stranger.get("/admin/").content.decode()
    anonymous = client.post(add_url(meeting), {"text": "Hi"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    writer_ends = logged_in(people["writer"]).post(
        reverse("newsletters_live:end", args=[meeting.pk]), {"summary": "Done."}
    )
    assert refused(writer_ends)
    assert not LiveUpdate.objects.exists()
    assert PostPage.objects.get(pk=meeting.pk).coverage == PostPage.Coverage.LIVE


def test_a_cross_site_post_is_refused(meeting, people):
    writer = Client(enforce_csrf_checks=True)
    writer.force_login(people["writer"])
    response = writer.post(
        add_url(meeting),
        {"text": "Forged"},
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert not LiveUpdate.objects.exists()


def test_bad_input_gets_a_message_and_a_4xx(meeting, people, make_posts):
    writer = logged_in(people["writer"])
    empty = writer.post(add_url(meeting), {"text": "   "})
    assert empty.status_code == 400
    assert "Write the update before you publish it." in empty.content.decode()
    too_long = writer.post(add_url(meeting), {"text": "x" * 1001})
    assert too_long.status_code == 400
    not_a_picture = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")
    assert writer.post(add_url(meeting), {"text": "Hi", "photo": not_a_picture}).status_code == 400
    ordinary = make_posts(1)[0]
    refused = writer.post(add_url(ordinary), {"text": "Hi"}, follow=True)
    assert refused.redirect_chain == [] and refused.status_code == 409
    assert "is not being covered live" in refused.content.decode()
    assert not LiveUpdate.objects.exists()


def test_publishing_an_update_purges_the_page_its_poll_and_feeds_and_tells_listeners(
    meeting, people, settings, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, update, post, **kwargs):
        heard.append((update.text, post.pk))

    live.live_update_published.connect(listener)
    try:
        purged = recorder(settings, django_capture_on_commit_callbacks)(
            lambda: live.publish_update(meeting, "Vote carried.", people["writer"])
        )
    finally:
        live.live_update_published.disconnect(listener)
    base = "http://testserver"
    assert {
        base + PAGE,
        base + poll_url(meeting),
        base + reverse("newsletters:live_rss", args=[meeting.pk]),
        base + reverse("newsletters:live_atom", args=[meeting.pk]),
        base + "/kingstanding/watch/",
    } <= purged
    assert heard == [("Vote carried.", meeting.pk)]


# --- the end of the meeting -------------------------------------------------------------------------


def test_ending_the_coverage_puts_the_summary_on_top_and_stops_the_polling(meeting, people, client):
    update = live.publish_update(meeting, "Meeting closed at 21:00.", people["writer"])
    etag = client.get(poll_url(meeting))["ETag"]
    publisher = logged_in(people["publisher"])
    assert publisher.get(reverse("newsletters_live:end", args=[meeting.pk])).status_code == 200
    empty = publisher.post(reverse("newsletters_live:end", args=[meeting.pk]), {"summary": ""})
    assert empty.status_code == 400
    assert "Write a short summary" in empty.content.decode()
    response = publisher.post(
        reverse("newsletters_live:end", args=[meeting.pk]), {"summary": "Bins go fortnightly in April."}
    )
    assert response.status_code == 302
    ended = PostPage.objects.get(pk=meeting.pk)
    assert ended.coverage == PostPage.Coverage.ENDED and ended.live and not ended.has_unpublished_changes
    html = client.get(PAGE).content.decode()
    assert html.index("Bins go fortnightly in April.") < html.index(f'id="{update.anchor}"')
    assert "live.js" not in html and "data-live-poll" not in html
    assert "Updates as it happened" in html
    poll = client.get(poll_url(meeting), HTTP_IF_NONE_MATCH=etag)
    assert poll.status_code == 200 and poll.json()["status"] == "ended" and poll.json()["ended_notice"]
    late = logged_in(people["writer"]).post(add_url(meeting), {"text": "One more thing"})
    assert late.status_code == 409
