"""Scheduled publishing: `make run` runs Wagtail's publish_scheduled every minute (run_scheduler)."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from newsletters.models import PostPage

pytestmark = pytest.mark.django_db


def schedule(publication, go_live_at):
    post = PostPage(title="April issue", slug="april", date=datetime.date(2026, 4, 1), live=False)
    publication.add_child(instance=post)
    post.go_live_at = go_live_at
    post.save_revision().publish()  # with a future go-live time this only schedules it
    return post


def test_an_issue_whose_time_has_come_is_published(publication):
    post = schedule(publication, timezone.now() + datetime.timedelta(hours=1))
    post.refresh_from_db()
    assert not post.live
    # An hour passes: the go-live time is now in the past.
    revision = post.latest_revision
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    post.refresh_from_db()
    assert post.live


def test_an_issue_scheduled_for_later_waits(publication):
    post = schedule(publication, timezone.now() + datetime.timedelta(days=1))
    call_command("publish_scheduled", stdout=io.StringIO())
    post.refresh_from_db()
    assert not post.live
