"""Abstract pieces shared by the page types of this app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HeaderImageMixin(models.Model):
    """A picture across the top of a page, under its title and lead text (``cms.models.IntroMixin``)."""

    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A photo of the area shown at the top of the page."),
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

# The same days as the editor's choices, in the editor's language.
WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
