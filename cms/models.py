"""Abstract page pieces shared by every app, the site's image and document models, and the
background processes' heartbeats."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .blocks import SIMPLE_RICH_TEXT_FEATURES
from .html import rich_text_as_plain_text
from .media import CustomDocument, CustomImage, CustomRendition

__all__ = [
    "CustomDocument",
    "CustomImage",
    "CustomRendition",
    "IntroMixin",
    "SocialMetaMixin",
    "WorkerHeartbeat",
]


class IntroMixin(models.Model):
    """The lead text: a few sentences under a page's title that say what the page is about.

    Every page type with lead text has it under this one name, as rich text (so a link or a
    list typed into it is kept), and every reader finds it in the same place: the page itself,
    cards, feeds, emails, search and structured data. Where no markup may go (meta tags,
    JSON-LD, plain-text email) ``intro_text`` gives the same words without it.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text=_(
            "A sentence or two that tells readers what this page is about. It is shown in large "
            "print under the title, and with the title wherever the page is listed or shared. "
            "Keep it short: the details go further down."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    @property
    def intro_text(self):
        """The lead text as plain words on one line."""
        return rich_text_as_plain_text(self.intro)


class SocialMetaMixin(models.Model):
    """The picture shown when a page is shared on social media or in a chat."""

    social_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
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
