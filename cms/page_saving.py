"""Saving pages safely when two requests touch the same page at once."""

from django.db import models, transaction

from wagtail.models import Page


class StaleDraftCannotUnpublishMixin(models.Model):
    """A save made from a copy read while the page was a draft never takes it offline again.

    Wagtail's editor decides how to save from the copy it read when the request
    began: a draft's fields are written to the page row, a live page's changes go
    into a revision only. An autosave sent a moment before Publish can therefore
    be read as a draft, wait while Publish commits, and then write the whole row
    back with ``live=False``: "published" on screen, a 404 for readers. Here the
    row is locked and re-read before such a write; if the page went live in the
    meantime, the row is left alone and the caller's revision keeps the changes as
    a draft of the live page, as Wagtail does for any live page.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not (self.pk and not self.live and getattr(self, "_read_as_draft", False)):
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None and "live" not in kwargs["update_fields"]:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            live_now = Page.objects.select_for_update().filter(pk=self.pk).values_list("live", flat=True)
            if live_now.first():
                return None
            return super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._read_as_draft = instance.__dict__.get("live") is False
        return instance

    def with_content_json(self, content):
        # The editor works on a revision's copy, whose ``live`` comes from the row it read.
        instance = super().with_content_json(content)
        instance._read_as_draft = not instance.live
        return instance
