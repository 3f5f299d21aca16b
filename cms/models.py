"""Abstract page pieces shared by every app. No concrete models (no tables) here."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class SocialMetaMixin(models.Model):
    """The picture shown when a page is shared on social media or in a chat."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
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
