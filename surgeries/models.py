"""Social media surgeries: one SurgeryPage per event, with bookings."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from cms.models import SocialMetaMixin


class SurgeryPage(SocialMetaMixin, Page):
    """One drop-in session where volunteers help local people get online."""

    starts_at = models.DateTimeField(help_text="When the surgery starts (UK time).")
    ends_at = models.DateTimeField(help_text="When the surgery ends (UK time).")
    venue = models.ForeignKey(
        "home.CommunityCentrePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surgeries",
        help_text="The community centre it is held at. If it is somewhere else, leave this empty.",
    )
    venue_address = models.TextField(
        blank=True, help_text="Where it is held, if not at one of the community centres on this site."
    )

    parent_page_types = ["home.PlacePage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("venue_address")], heading="Where"),
    ]

    class Meta:
        verbose_name = "surgery"
