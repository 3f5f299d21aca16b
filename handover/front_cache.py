"""What a front cache must forget when a follow-up changes (cms/front_cache.py).

A follow-up answered, shared, hidden or deleted changes the What changed page of the whole site
and of every place above the help, in every language. One BAN of those addresses covers them all,
however deep the place and whatever the translations' ids.
"""

from django.db import transaction

from cms import front_cache

# Every language's What changed pages (/what-changed/..., /ur/what-changed/...).
WHAT_CHANGED_PATHS = front_cache.in_every_language("what-changed/")


def follow_up_changed(sender, instance, **kwargs):
    if not front_cache.enabled():
        return
    record = instance.help_record
    page = record.surgery or record.publication
    site = page.get_site() if page is not None else None
    if site is not None:
        transaction.on_commit(lambda: front_cache.ban(site, WHAT_CHANGED_PATHS))


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from .models import FollowUp, HelpRecord
    from .queries import forget_story_paths

    post_save.connect(follow_up_changed, sender=FollowUp, dispatch_uid="handover.follow_up_saved")
    post_delete.connect(follow_up_changed, sender=FollowUp, dispatch_uid="handover.follow_up_deleted")
    for model in (FollowUp, HelpRecord):  # a story's words, consent, or the help it was about
        for signal in (post_save, post_delete):
            signal.connect(
                forget_story_paths, sender=model, dispatch_uid=f"handover.story_paths.{model.__name__}"
            )
