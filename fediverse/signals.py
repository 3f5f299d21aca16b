"""Publishing, updating, unpublishing and deleting a post tell its publication's followers."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from newsletters.models import PostPage

from .tasks import announce_post, withdraw_post


@receiver(page_published)
def post_published(sender, instance, **kwargs):
    if isinstance(instance, PostPage):
        transaction.on_commit(lambda: announce_post.enqueue(instance.pk))


@receiver(page_unpublished)
def post_unpublished(sender, instance, **kwargs):
    # Wagtail sends this too when a live page is deleted.
    if isinstance(instance, PostPage):
        post_id = instance.pk
        transaction.on_commit(lambda: withdraw_post.enqueue(post_id))
