"""Delivering to followers' inboxes. Each task is safe to run twice (activities carry fixed ids)."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from django_tasks import task

from cms import retries

from . import activities, actors, remote
from .models import Actor, Follower, SentPost
from .signatures import signed_headers

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=12)


def max_failures():
    return settings.FEDIVERSE_MAX_FAILURES


def backoff(failures):
    """1, 2, 4, 8 ... minutes after each failure in a row, at most MAX_BACKOFF."""
    return retries.backoff(failures, factor=2, most=MAX_BACKOFF)


def followers_at(actor_id, inbox):
    return Follower.objects.filter(Q(inbox=inbox) | Q(shared_inbox=inbox), actor_id=actor_id)


@task()
def deliver(actor_id, inbox, activity):
    """POST one signed activity to one inbox; on failure try again later, and give up on a dead inbox."""
    actor = Actor.objects.filter(pk=actor_id).first()
    if actor is None:
        return "gone"
    body = json.dumps(activity).encode()
    headers = signed_headers(
        inbox, body, activities.key_id(actor.page.specific), activities.signing_key(actor)
    )
    try:
        remote.post_activity(inbox, body, headers)
    except remote.RemoteError as error:
        followers_at(actor_id, inbox).update(failures=F("failures") + 1)
        dead = followers_at(actor_id, inbox).filter(failures__gte=max_failures())
        dropped = dead.count()
        if dropped:
            dead.delete()
            logger.warning(
                "Dropped %s follower(s) at %s after %s failed deliveries", dropped, inbox, max_failures()
            )
            return "dropped"
        failures = followers_at(actor_id, inbox).values_list("failures", flat=True).first() or 1
        logger.info("Delivery of %s to %s failed (%s); retrying", activity.get("type"), inbox, error)
        if deliver.get_backend().supports_defer:
            later = timezone.now() + backoff(failures)
            deliver.using(run_after=later).enqueue(actor_id, inbox, activity)
        return "retry"
    followers_at(actor_id, inbox).update(failures=0)
    return "delivered"


def fan_out(actor, activity):
    """One delivery per inbox: followers on one server with a shared inbox get a single copy."""
    inboxes = sorted({follower.delivery_inbox for follower in actor.followers.all()})
    for inbox in inboxes:
        deliver.enqueue(actor.pk, inbox, activity)
    return len(inboxes)


@task()
def announce_post(post_id):
    """A post was published: ``Create`` it for followers, or ``Update`` it if they already have it.

    Followers of its publication hear of it, and so do followers of each place above it
    (``fediverse.actors``), each from the actor they follow.
    """
    post = actors.live_post(post_id)
    if post is None:
        return 0
    own_publication = post.get_parent().specific
    sent = 0
    for page in actors.pages_for_post(post):
        actor = Actor.objects.filter(page=page).first()
        if actor is None or not actor.followers.exists():
            # Nobody to tell: a follower who comes later reads the post in the outbox.
            continue
        item = activities.article(post, page, own_publication)
        already = SentPost.objects.filter(actor=actor, post_id=post.pk).exists()
        kind = "Update" if already else "Create"
        stamp = activities.isoformat(post.last_published_at) or ""
        activity = activities.wrap(kind, page, item, stamp)
        SentPost.objects.update_or_create(actor=actor, post_id=post.pk, defaults={"object_id": item["id"]})
        sent += fan_out(actor, activity)
    return sent


@task()
def withdraw_post(post_id):
    """A post was unpublished or deleted: followers' servers are asked to ``Delete`` their copy."""
    count = 0
    for sent in SentPost.objects.select_related("actor__page").filter(post_id=post_id).order_by("pk"):
        actor = sent.actor
        activity = activities.wrap(
            "Delete", actor.page.specific, activities.tombstone(sent.object_id), sent.sent_at.isoformat()
        )
        count += fan_out(actor, activity)
        sent.delete()
    return count
