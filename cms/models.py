"""Abstract page pieces shared by every app, the site's image and document models, and the
background processes' heartbeats."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .media import CustomDocument, CustomImage, CustomRendition

__all__ = ["CustomDocument", "CustomImage", "CustomRendition", "SocialMetaMixin", "WorkerHeartbeat"]


class SocialMetaMixin(models.Model):
    """The picture shown when a page is shared on social media or in a chat."""

    social_image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional. The picture shown when someone shares this page on Facebook, WhatsApp "
            "and similar. If empty, the page's main picture is used."
        ),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_social_image(self):
        """The image used for Open Graph and Twitter cards; pages may offer a better one."""
        return self.social_image


class WorkerHeartbeat(models.Model):
    """The last sign of life from one background process (task worker or scheduler).

    Kept in the database rather than the cache: without Redis the cache lives
    inside each process, and the dashboard (in the web process) must see beats
    from workers in other processes or on other machines. With the image and
    document models, the only tables in cms: every app shares these.
    """

    name = models.CharField(max_length=120, unique=True)
    role = models.CharField(max_length=40, db_index=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    state = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["role", "-beat_at"]

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
