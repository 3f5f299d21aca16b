"""Abstract pieces shared by the page types of this app."""

from django.db import models


class HeaderImageMixin(models.Model):
    """A picture across the top of a page, under its title and lead text (``cms.models.IntroMixin``)."""

    image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A photo of the area shown at the top of the page.",
    )

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
