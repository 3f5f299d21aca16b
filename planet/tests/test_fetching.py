"""The fetcher against the local feed server: good feeds stored once, 304s, every kind of failure."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from planet.models import ExternalFeed, ExternalItem
from planet.tasks import fetch_feed, read_feed

read_later = read_feed

pytestmark = pytest.mark.django_db
Failure = ExternalFeed.Failure


def test_a_good_rss_feed_is_stored_with_a_clean_short_excerpt(feed_server, add_feed):
    feed = add_feed(feed_server.url("/rss"))
    assert read_feed(feed) == "new"
    feed.refresh_from_db()
    assert feed.title == "St Mark's parish blog"  # the feed's own name, as none was given
    assert feed.site_link == "http://parish.example.org/"
    assert feed.etag == '"parish-v1"' and feed.last_modified == "Mon, 02 Nov 2026 09:00:00 GMT"
    assert feed.last_success_at and not feed.failing_since and feed.consecutive_failures == 0
    supper, bells = ExternalItem.objects.filter(feed=feed).order_by("-published")
    assert supper.title == "Harvest supper on Friday"
    assert supper.link == "http://parish.example.org/harvest-supper/"
    assert supper.published.isoformat() == "2026-11-02T09:00:00+00:00"
    assert supper.excerpt == "Bring a dish to share. Everyone is welcome & children too."
    assert "alert" not in supper.excerpt and "onerror" not in supper.excerpt and "<" not in supper.excerpt
    # A relative link is made absolute against the feed; a javascript: link is not stored at all.
    assert bells.link == feed_server.url("/bell-ringers/")
    assert not ExternalItem.objects.filter(guid="parish-3").exists()


def test_an_unchanged_feed_answers_304_and_nothing_new_is_stored(feed_server, add_feed):
    feed = add_feed(feed_server.url("/rss"))
    read_feed(feed)
    feed.refresh_from_db()
    assert read_feed(feed) == "unchanged"
    _path, headers = feed_server.requests[-1]
    assert headers["If-None-Match"] == '"parish-v1"'
    assert headers["If-Modified-Since"] == "Mon, 02 Nov 2026 09:00:00 GMT"
    assert ExternalItem.objects.filter(feed=feed).count() == 2


def test_reading_a_feed_twice_stores_each_post_once_and_updates_changed_ones(feed_server, add_feed):
    feed = add_feed(feed_server.url("/rss-no-etag"))
    read_feed(feed)
    ExternalItem.objects.filter(guid="parish-1").update(title="Old title")
    read_feed(feed)
    assert ExternalItem.objects.filter(feed=feed).count() == 2
    assert ExternalItem.objects.get(guid="parish-1").title == "Harvest supper on Friday"


def test_only_the_newest_posts_of_a_feed_are_kept(feed_server, add_feed, monkeypatch):
    from planet import fetching

    monkeypatch.setattr(fetching, "MAX_KEPT", 1)
    feed = add_feed(feed_server.url("/rss"))
    read_feed(feed)
    assert [item.title for item in ExternalItem.objects.filter(feed=feed)] == ["Harvest supper on Friday"]


def test_a_good_atom_feed_is_stored(feed_server, add_feed):
    feed = add_feed(feed_server.url("/atom"), title="Kings Park friends")
    read_feed(feed)
    feed.refresh_from_db()
    assert feed.title == "Kings Park friends"  # the helper's name for it is kept
    item = ExternalItem.objects.get(feed=feed)
    assert (item.title, item.link, item.excerpt) == (
        "Litter pick on Saturday",
        "http://park.example.org/litter-pick/",
        "Gloves and bags provided.",
    )


def test_redirects_are_followed(feed_server, add_feed):
    feed = add_feed(feed_server.url("/redirect"))
    assert read_feed(feed) == "new"
    assert [path for path, _ in feed_server.requests] == ["/redirect", "/rss"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/slow", Failure.TIMEOUT),
        ("/trickle", Failure.TIMEOUT),
        ("/broken", Failure.NOT_A_FEED),
        ("/not-a-feed", Failure.NOT_A_FEED),
        ("/huge", Failure.TOO_BIG),
        ("/huge-declared", Failure.TOO_BIG),
        ("/redirect-loop", Failure.REDIRECTS),
        ("/redirect-ftp", Failure.REFUSED_ADDRESS),
        ("/error", Failure.HTTP_ERROR),
    ],
)
def test_each_kind_of_failure_is_recorded(feed_server, add_feed, path, kind):
    feed = add_feed(feed_server.url(path))
    assert read_feed(feed) == kind
    feed.refresh_from_db()
    assert feed.last_error_kind == kind
    assert feed.last_error
    assert feed.failing_since is not None and feed.consecutive_failures == 1
    assert feed.status == ExternalFeed.Status.APPROVED  # one failure pauses nothing
    assert not ExternalItem.objects.filter(feed=feed).exists()


def test_the_500_is_named_in_the_error(feed_server, add_feed):
    feed = add_feed(feed_server.url("/error"))
    read_feed(feed)
    feed.refresh_from_db()
    assert "500" in feed.last_error


def test_a_website_that_is_not_there_is_a_connection_failure(feed_server, add_feed):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    feed = add_feed(f"http://127.0.0.1:{port}/feed")
    assert read_feed(feed) == Failure.CONNECTION


def test_private_and_loopback_addresses_are_refused_in_production(feed_server, add_feed, settings):
    settings.PLANET_ALLOW_PRIVATE_ADDRESSES = False
    feed = add_feed(feed_server.url("/rss"))
    assert read_feed(feed) == Failure.REFUSED_ADDRESS
    assert feed_server.requests == []  # never even asked
    feed.refresh_from_db()
    assert "private" in feed.last_error


def test_a_failing_feed_is_flagged_to_its_helper_then_paused(
    feed_server, add_feed, settings, django_capture_on_commit_callbacks
):
    def read_feed(feed, now):
        with django_capture_on_commit_callbacks(execute=True):
            return read_later(feed, now=now)

    settings.PLANET_FLAG_AFTER_DAYS = 3
    settings.PLANET_PAUSE_AFTER_DAYS = 10
    start = timezone.now() - timedelta(days=20)
    feed = add_feed(feed_server.url("/error"), title="Parish blog")

    read_feed(feed, now=start)
    read_feed(feed, now=start + timedelta(days=2))
    feed.refresh_from_db()
    assert feed.consecutive_failures == 2 and feed.flagged_at is None and mail.outbox == []

    read_feed(feed, now=start + timedelta(days=3))
    feed.refresh_from_db()
    assert feed.flagged_at is not None and feed.status == ExternalFeed.Status.APPROVED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["helper@example.org"]
    assert "Parish blog" in message.subject and "cannot be read" in message.subject
    assert "The website answered with an error" in message.body and "after 10 days" in message.body

    read_feed(feed, now=start + timedelta(days=5))  # told once per failing spell
    assert len(mail.outbox) == 1

    read_feed(feed, now=start + timedelta(days=10))
    feed.refresh_from_db()
    assert feed.status == ExternalFeed.Status.PAUSED and feed.paused_at is not None
    assert len(mail.outbox) == 2 and "paused" in mail.outbox[1].subject

    # A paused feed is not read by the scheduler any more.
    requests = len(feed_server.requests)
    assert fetch_feed.call(feed.pk) == "skipped"
    call_command("fetch_planet_feeds", stdout=io.StringIO())
    assert len(feed_server.requests) == requests


def test_success_ends_the_failing_spell(feed_server, add_feed):
    feed = add_feed(feed_server.url("/rss"))
    ExternalFeed.objects.filter(pk=feed.pk).update(
        failing_since=timezone.now() - timedelta(days=4),
        flagged_at=timezone.now(),
        consecutive_failures=9,
        last_error_kind=Failure.TIMEOUT,
        last_error="No answer",
    )
    feed.refresh_from_db()
    read_feed(feed)
    feed.refresh_from_db()
    assert (feed.failing_since, feed.flagged_at, feed.consecutive_failures, feed.last_error_kind) == (
        None,
        None,
        0,
        "",
    )


def test_the_scheduler_reads_only_approved_feeds_that_are_due(feed_server, add_feed, settings):
    settings.PLANET_FETCH_EVERY_MINUTES = 60
    due = add_feed(feed_server.url("/rss"))
    pending = add_feed(feed_server.url("/atom"), status=ExternalFeed.Status.PENDING)
    recent = add_feed(feed_server.url("/rss-no-etag"), last_fetched_at=timezone.now() - timedelta(minutes=5))
    out = io.StringIO()
    call_command("fetch_planet_feeds", stdout=out)
    assert [path for path, _ in feed_server.requests] == ["/rss"]
    assert "1 due (1 new)" in out.getvalue()
    assert ExternalItem.objects.filter(feed=due).count() == 2
    assert not ExternalItem.objects.filter(feed__in=[pending, recent]).exists()
