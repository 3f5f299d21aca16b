"""Background work: sign-up emails, sending issues, tidying up. Each task is safe to run twice."""

import logging

from django.db import transaction
from django.utils import timezone

from django_tasks import task

from cms.mail import build_email

from . import delivery, signup
from .conf import pending_days, workers_per_send
from .models import Subscriber
from .rendering import IssueEmail, sender
from .tokens import confirm_url, unsubscribe_url

logger = logging.getLogger(__name__)


@task()
def send_signup_email(subscriber_id, imported=False):
    """The double opt-in link for a pending sign-up, or a note that the address is already subscribed.

    ``imported``: the address came from a list brought over from elsewhere (subscriptions.importing),
    so the email says so instead of "someone asked".
    """
    subscriber = Subscriber.objects.select_related("publication").filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status not in (
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
    ):
        return
    publication = subscriber.publication
    context = {"subscriber": subscriber, "publication": publication, "imported": imported}
    from_email, reply_to = sender(publication)
    # In the language they signed up in, whatever language the worker runs in.
    if subscriber.status == Subscriber.Status.PENDING:
        message = build_email(
            "subscriptions/email/confirm",
            {**context, "confirm_url": confirm_url(subscriber), "pending_days": pending_days()},
            [subscriber.email],
            from_email=from_email,
            reply_to=reply_to,
            language=subscriber.language,
        )
    else:
        message = build_email(
            "subscriptions/email/already_subscribed",
            {**context, "unsubscribe_url": unsubscribe_url(subscriber)},
            [subscriber.email],
            from_email=from_email,
            reply_to=reply_to,
            language=subscriber.language,
        )
    message.send()


@task()
def deliver_issue(post_id):
    """One worker's share of a send. Several may run at once; none sends a row another has claimed."""
    outcome = delivery.deliver(post_id)
    logger.info(
        "Issue %s: %s sent, %s to retry, %s failed, %s skipped",
        post_id,
        outcome.sent,
        outcome.retried,
        outcome.failed,
        outcome.skipped,
    )
    schedule_follow_up(post_id)
    return {"sent": outcome.sent, "retried": outcome.retried, "failed": outcome.failed}


def schedule_follow_up(post_id):
    """Come back when retries fall due or another worker stops (heartbeat) or its lease runs out."""
    due = delivery.next_due(post_id)
    if due is None:
        return
    if not deliver_issue.get_backend().supports_defer:
        logger.info(
            "Issue %s has deliveries due at %s; `newsletter_housekeeping` will pick them up.", post_id, due
        )
        return
    deliver_issue.using(run_after=max(due, timezone.now())).enqueue(post_id)


def enqueue_workers(post_id):
    for _ in range(workers_per_send()):
        deliver_issue.enqueue(post_id)


@task()
def send_test_issue(post_id, email):
    """A copy of an issue for the editor who asked, before it goes to everyone."""
    from newsletters.models import PostPage

    post = PostPage.objects.get(pk=post_id)
    IssueEmail(post).test_message(email).send()


@task()
def delete_stale_signups():
    """Sign-ups unconfirmed after NEWSLETTER_PENDING_DAYS are deleted: no address is kept without consent."""
    deleted = signup.delete_stale_signups()
    logger.info("Deleted %s unconfirmed sign-ups", deleted)
    return deleted


@task()
def resume_stalled_sends():
    """Restart sends whose rows are due but may have no worker (a killed worker, a retry not scheduled)."""
    posts = delivery.posts_with_due_deliveries()
    for post_id in posts:
        transaction.on_commit(lambda post_id=post_id: deliver_issue.enqueue(post_id))
    return posts
