"""Posting to Mastodon and Bluesky. One ``Crosspost`` row per post and account: a second run does nothing.

A failure the service may get over (unreachable, 429, 5xx) is tried again later with back-off;
its message stays on the row for the editor meanwhile. A refusal (401, 422 ...) is not retried.

A row is never sent again on its own once it may have gone out: if posting stops part-way (an
unexpected error, a worker killed, the database gone before "posted" was written), the row ends
as failed with a message saying so, and the editor may press "Post again" after looking. An
error while the post is still being prepared (text, picture, token) says plainly that nothing
went out.

Retries wait in the task backend (``run_after``); ``crossposting_housekeeping`` (every minute in
``run_scheduler``) sends again those whose time has long passed, for a backend that lost them or
cannot defer, and marks rows left "sending" as interrupted.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from django_tasks import task

from cms import retries, workers

from . import services, vault
from .compose import area_hashtag, compose, lead_image
from .models import Crosspost

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def interrupted_message():
    return gettext(
        "Posting stopped part-way, so this may or may not have been posted. Look at the account: "
        "if the post is not there, press “Post again”."
    )


def not_posted_message():
    return gettext(
        "Something went wrong while the post was being prepared, so nothing was posted. "
        "Press “Post again” to try once more."
    )


def sending_timeout():
    """How long a row may stay "sending" before it counts as interrupted (seconds)."""
    return settings.CROSSPOSTING_SENDING_TIMEOUT


def max_attempts():
    return settings.CROSSPOSTING_MAX_ATTEMPTS


def backoff(attempts):
    """1, 4, 16 ... minutes after each failure, at most MAX_BACKOFF."""
    return retries.backoff(attempts, factor=4, most=MAX_BACKOFF)


def what_to_post(crosspost, service):
    """(text, link, hashtag, image) for the row's post or live update."""
    from newsletters.models import PostPage

    post = crosspost.post
    if not PostPage.objects.live().public().filter(pk=post.pk).exists():
        return None  # unpublished or made private meanwhile: nothing goes out
    publication = post.get_parent().specific
    link = post.get_full_url()
    hashtag = area_hashtag(post, publication)
    if crosspost.source.startswith("live-"):
        from newsletters.models import LiveUpdate

        update = (
            LiveUpdate.objects.select_related("image")
            .filter(pk=int(crosspost.source.removeprefix("live-")))
            .first()
        )
        if update is None:
            return None
        return compose(update.text, link, hashtag, service), link, hashtag, lead_image(update.image)
    return compose(post.title, link, hashtag, service), link, hashtag, lead_image(post.lead_image)


def prepare(crosspost):
    """(secret, what_to_post(...)) before anything is sent, or (secret, None) when nothing should go out."""
    secret = vault.decrypt(crosspost.account.encrypted_secret)
    if not secret:
        raise services.ServiceError("The stored token cannot be read any more: link the account again.", 401)
    return secret, what_to_post(crosspost, crosspost.account.service)


def deliver(account, secret, content):
    """Post to the service; the post's address there."""
    text, link, hashtag, image = content
    if account.service == account.Service.MASTODON:
        return services.mastodon_post(account.server, secret, text, image)
    return services.bluesky_post(account.server, account.handle, secret, text, link, hashtag, image)


def finish(crosspost_id, status, error="", **fields):
    Crosspost.objects.filter(pk=crosspost_id).update(
        status=status, error=error, updated_at=timezone.now(), **fields
    )
    return status


@task()
def send_crosspost(crosspost_id):
    """Post one row's text; safe to run twice (a posted or in-flight row is left alone)."""
    claimed = Crosspost.objects.filter(
        pk=crosspost_id, status__in=[Crosspost.Status.QUEUED, Crosspost.Status.RETRYING]
    ).update(status=Crosspost.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return None
    crosspost = Crosspost.objects.select_related("account", "post").get(pk=crosspost_id)
    delivering = False
    try:
        secret, content = prepare(crosspost)
        if content is None:
            return finish(
                crosspost_id,
                Crosspost.Status.FAILED,
                gettext("The post is no longer public, so it was not posted."),
            )
        delivering = True
        url = deliver(crosspost.account, secret, content)
    except workers.DATABASE_GONE:
        raise  # the row stays "sending"; housekeeping marks it interrupted after sending_timeout()
    except services.ServiceError as error:
        retry = error.retryable and crosspost.attempts < max_attempts()
        logger.info(
            "Posting %s to %s failed (%s)%s",
            crosspost_id,
            crosspost.account.get_service_display(),
            error,
            "; trying again later" if retry else "",
        )
        if not retry:
            return finish(crosspost_id, Crosspost.Status.FAILED, str(error))
        finish(crosspost_id, Crosspost.Status.RETRYING, str(error))
        if send_crosspost.get_backend().supports_defer:
            later = timezone.now() + backoff(crosspost.attempts)
            send_crosspost.using(run_after=later).enqueue(crosspost_id)
        return Crosspost.Status.RETRYING
    except Exception:
        logger.exception(
            "Posting %s stopped %s", crosspost_id, "part-way" if delivering else "before posting"
        )
        message = interrupted_message() if delivering else not_posted_message()
        return finish(crosspost_id, Crosspost.Status.FAILED, message)
    return finish(crosspost_id, Crosspost.Status.SENT, remote_url=url)


def give_up_on_interrupted():
    """Rows left "sending" longer than sending_timeout() end as failed, never sent again unasked."""
    cutoff = timezone.now() - timedelta(seconds=sending_timeout())
    return Crosspost.objects.filter(status=Crosspost.Status.SENDING, updated_at__lt=cutoff).update(
        status=Crosspost.Status.FAILED, error=interrupted_message(), updated_at=timezone.now()
    )


def due_again(grace=timedelta(minutes=1)):
    """Ids of rows waiting to be tried again whose time has passed by ``grace``: their deferred task
    was lost, or the backend cannot defer. They are stamped as they are taken, in one statement, so
    a queue that is slow to reach them is not handed them again every minute; rows another
    housekeeping run holds at that moment are left to it."""
    now = timezone.now()
    waiting = Crosspost.objects.filter(
        status=Crosspost.Status.RETRYING, updated_at__lt=now - grace
    ).values_list("pk", "attempts", "updated_at")
    overdue = [pk for pk, attempts, updated_at in waiting if updated_at + backoff(attempts) + grace < now]
    if not overdue:
        return []
    with transaction.atomic():
        taken = list(
            Crosspost.objects.select_for_update(skip_locked=True)
            .filter(pk__in=overdue, status=Crosspost.Status.RETRYING, updated_at__lt=now - grace)
            .values_list("pk", flat=True)
        )
        Crosspost.objects.filter(pk__in=taken).update(updated_at=now)
    return taken


def requeue(crosspost_id):
    """Send a failed row again, from the start (the editor's "Post again")."""
    requeued = Crosspost.objects.filter(pk=crosspost_id, status=Crosspost.Status.FAILED).update(
        status=Crosspost.Status.QUEUED, attempts=0, error="", updated_at=timezone.now()
    )
    if requeued:
        transaction.on_commit(lambda: send_crosspost.enqueue(crosspost_id))
    return bool(requeued)
