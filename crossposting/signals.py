"""A post's first publication, and each live update, are posted to the publication's linked accounts."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

from newsletters.live import live_update_published
from newsletters.models import LiveUpdate, PostPage

from .models import Account, Crosspost
from .tasks import send_crosspost


def crosspost(post, source="post"):
    """Queue ``post`` (or its live update, ``source="live-<id>"``) for every linked account.

    Call this from anything else that should be posted; a second call for the same thing does nothing.
    """
    publication_id = post.get_parent().pk
    new = []
    for account in Account.objects.filter(publication_id=publication_id):
        row, created = Crosspost.objects.get_or_create(account=account, post=post, source=source)
        if created:
            new.append(row.pk)
    for row_id in new:
        transaction.on_commit(lambda row_id=row_id: send_crosspost.enqueue(row_id))
    return len(new)


@receiver(page_published)
def post_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, PostPage):
        return
    # Only the first publication: later edits re-publish, and are not news.
    if instance.first_published_at and instance.last_published_at != instance.first_published_at:
        return
    crosspost(instance)


@receiver(live_update_published, sender=LiveUpdate)
def live_update(sender, update, post, **kwargs):
    crosspost(post, source=f"live-{update.pk}")
