"""Posting to Mastodon and Bluesky. One ``Crosspost`` row per post and account: a second run does nothing.

A failure the service may get over (unreachable, 429, 5xx) is tried again later with back-off;
its message stays on the row for the editor meanwhile. A refusal (401, 422 ...) is not retried.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from django_tasks import task

from cms import retries

from . import services, vault
from .compose import area_hashtag, compose, lead_image
from .models import Crosspost

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def max_attempts():
    return getattr(settings, "CROSSPOSTING_MAX_ATTEMPTS", 6)


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


def send(crosspost):
    account = crosspost.account
    secret = vault.decrypt(account.encrypted_secret)
    if not secret:
        raise services.ServiceError("The stored token cannot be read any more: link the account again.", 401)
    content = what_to_post(crosspost, account.service)
    if content is None:
        return None
    text, link, hashtag, image = content
    if account.service == account.Service.MASTODON:
        return services.mastodon_post(account.server, secret, text, image)
    return services.bluesky_post(account.server, account.handle, secret, text, link, hashtag, image)


@task()
def send_crosspost(crosspost_id):
    """Post one row's text; safe to run twice (a posted or in-flight row is left alone)."""
    claimed = Crosspost.objects.filter(
        pk=crosspost_id, status__in=[Crosspost.Status.QUEUED, Crosspost.Status.RETRYING]
    ).update(status=Crosspost.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return None
    crosspost = Crosspost.objects.select_related("account", "post").get(pk=crosspost_id)
    try:
        url = send(crosspost)
    except services.ServiceError as error:
        retry = error.retryable and crosspost.attempts < max_attempts()
        status = Crosspost.Status.RETRYING if retry else Crosspost.Status.FAILED
        Crosspost.objects.filter(pk=crosspost_id).update(status=status, error=str(error))
        logger.info(
            "Posting %s to %s failed (%s)%s",
            crosspost_id,
            crosspost.account.get_service_display(),
            error,
            "; trying again later" if retry else "",
        )
        if retry and send_crosspost.get_backend().supports_defer:
            later = timezone.now() + backoff(crosspost.attempts)
            send_crosspost.using(run_after=later).enqueue(crosspost_id)
        return status
    if url is None:
        Crosspost.objects.filter(pk=crosspost_id).update(
            status=Crosspost.Status.FAILED,
            error=gettext("The post is no longer public, so it was not posted."),
        )
        return Crosspost.Status.FAILED
    Crosspost.objects.filter(pk=crosspost_id).update(status=Crosspost.Status.SENT, error="", remote_url=url)
    return Crosspost.Status.SENT


@task()
def retry_waiting():
    """Try again every row that failed with a passing fault (for backends that cannot defer a task)."""
    ids = list(Crosspost.objects.filter(status=Crosspost.Status.RETRYING).values_list("pk", flat=True))
    for crosspost_id in ids:
        send_crosspost.enqueue(crosspost_id)
    return len(ids)
