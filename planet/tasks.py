"""Reading approved feeds in the background, and telling helpers when one keeps failing.

``manage.py fetch_planet_feeds`` (run by the scheduler) queues ``fetch_feed`` for every approved
feed not read for ``PLANET_FETCH_EVERY_MINUTES``. A failure is recorded with its kind; a feed
failing for ``PLANET_FLAG_AFTER_DAYS`` days is flagged to the helper who added it (by email, and
on their admin dashboard), and after ``PLANET_PAUSE_AFTER_DAYS`` days it is paused: it is no
longer read, and its posts leave the place page until someone resumes it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from cms import front_cache
from cms.languages import supported_language
from cms.mail import build_email

from .fetching import FetchError, describe_feed, fetch, parse, store_items
from .models import ExternalFeed
from .queries import forget_items


def due_feeds(now=None):
    """Approved feeds not read for ``PLANET_FETCH_EVERY_MINUTES`` (or never read)."""
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.PLANET_FETCH_EVERY_MINUTES)
    return ExternalFeed.objects.filter(status=ExternalFeed.Status.APPROVED).exclude(last_fetched_at__gt=since)


@task()
def fetch_feed(feed_id):
    """Read one approved feed (nothing for a pending, paused or deleted one)."""
    feed = ExternalFeed.objects.select_related("place").filter(pk=feed_id).first()
    if feed is None or feed.status != ExternalFeed.Status.APPROVED:
        return "skipped"
    return read_feed(feed)


def read_feed(feed, now=None):
    """Read ``feed`` once and record the outcome; "new" / "unchanged" / the failure's kind."""
    now = now or timezone.now()
    try:
        answer = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        changed = 0
        if answer.status == 200:
            parsed = parse(answer)
            with transaction.atomic():
                changed = store_items(feed, parsed, now)
                changed += len(describe_feed(feed, parsed))
            feed.etag, feed.last_modified = answer.etag[:500], answer.last_modified[:100]
    except FetchError as error:
        record_failure(feed, error.kind, error.message, now)
        return error.kind
    ExternalFeed.objects.filter(pk=feed.pk).update(
        title=feed.title,
        site_link=feed.site_link,
        etag=feed.etag,
        last_modified=feed.last_modified,
        last_fetched_at=now,
        last_success_at=now,
        failing_since=None,
        consecutive_failures=0,
        last_error_kind="",
        last_error="",
        flagged_at=None,
    )
    if changed:
        forget_items()
        front_cache.purge_page_later(feed.place)
        return "new"
    return "unchanged"


def record_failure(feed, kind, message, now):
    """Note the failure; flag the feed to its helper, or pause it, once it has failed long enough."""
    feed.last_fetched_at = now
    feed.consecutive_failures += 1
    feed.last_error_kind, feed.last_error = kind, message[:2000]
    feed.failing_since = feed.failing_since or now
    failing_for = now - feed.failing_since
    fields = ["last_fetched_at", "consecutive_failures", "last_error_kind", "last_error", "failing_since"]
    tell = None
    if failing_for >= timedelta(days=settings.PLANET_PAUSE_AFTER_DAYS):
        feed.status, feed.paused_at = ExternalFeed.Status.PAUSED, now
        feed.flagged_at = feed.flagged_at or now
        fields += ["status", "paused_at", "flagged_at"]
        tell = "paused"
    elif failing_for >= timedelta(days=settings.PLANET_FLAG_AFTER_DAYS) and feed.flagged_at is None:
        feed.flagged_at = now
        fields.append("flagged_at")
        tell = "flagged"
    ExternalFeed.objects.filter(pk=feed.pk).update(**{field: getattr(feed, field) for field in fields})
    if tell == "paused":
        forget_items()  # its posts leave the place page
        front_cache.purge_page_later(feed.place)
    if tell and feed.added_by_id:
        transaction.on_commit(lambda: tell_helper_feed_is_failing.enqueue(feed.pk, tell))


@task()
def tell_helper_feed_is_failing(feed_id, what):
    """Email the helper who added the feed that it keeps failing ("flagged") or was "paused"."""
    feed = ExternalFeed.objects.select_related("added_by", "place").filter(pk=feed_id).first()
    if feed is None or feed.added_by is None or not feed.added_by.email:
        return
    from wagtail.users.models import UserProfile

    from .viewsets import feed_viewset

    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        feed_viewset.get_url_name("edit"), args=[feed.pk]
    )
    message = build_email(
        "planet/email/feed_failing",
        {
            "feed": feed,
            "what": what,
            "user": feed.added_by,
            "link": link,
            "pause_days": settings.PLANET_PAUSE_AFTER_DAYS,
        },
        to=[feed.added_by.email],
        language=supported_language(UserProfile.get_for_user(feed.added_by).preferred_language),
    )
    message.send()
