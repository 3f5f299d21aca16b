"""Newsletters and community blogs: a PublicationPage and its PostPage children."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import SIMPLE_RICH_TEXT_FEATURES
from cms.models import SocialMetaMixin


class PublicationPage(SocialMetaMixin, Page):
    """A newsletter (issues sent by email) or a community blog (posts)."""

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", "Newsletter"
        BLOG = "blog", "Blog"

    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWSLETTER,
        help_text="A newsletter comes out in numbered issues people can get by email; a blog has posts.",
    )
    description = RichTextField(
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text="A few sentences about who writes this and what readers will find in it.",
    )

    parent_page_types = ["home.HomePage", "home.PlacePage", "home.CommunityCentrePage"]
    subpage_types = ["newsletters.PostPage"]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("description")]

    class Meta:
        verbose_name = "publication"


class PostPage(SocialMetaMixin, Page):
    """One newsletter issue or blog post."""

    date = models.DateField(help_text="The date of this issue or post, shown to readers.")
    summary = models.TextField(
        blank=True,
        max_length=400,
        help_text="One or two sentences that say what this issue is about. Shown in lists and feeds.",
    )

    parent_page_types = ["newsletters.PublicationPage"]
    subpage_types = []
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary")]

    class Meta:
        verbose_name = "post or issue"
