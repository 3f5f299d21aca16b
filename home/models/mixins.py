"""Abstract pieces shared by the page types of this app."""

from django.db import models

from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import SIMPLE_RICH_TEXT_FEATURES


class IntroMixin(models.Model):
    """A short welcome above a page's listings, and a picture."""

    intro = RichTextField(
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text="A few sentences that welcome readers and say what they will find here.",
    )
    image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A photo of the area shown at the top of the page.",
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_social_image(self):
        return self.social_image or self.image


WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
