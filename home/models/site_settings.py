"""Who runs the site and how people reach them: one set of settings per Wagtail Site."""

from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from ..colours import validate_primary_colour

SOCIAL_SERVICES = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", _("X (Twitter)")),
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
    ("youtube", "YouTube"),
    ("whatsapp", _("WhatsApp channel")),
    ("other", _("Our page elsewhere")),
]


class SocialLinkValue(blocks.StructValue):
    def service_label(self):
        return dict(SOCIAL_SERVICES).get(self.get("service"), self.get("service"))


class SocialLinkBlock(blocks.StructBlock):
    service = blocks.ChoiceBlock(
        choices=SOCIAL_SERVICES, label=_("Website"), help_text=_("Which website this link goes to.")
    )
    url = blocks.URLBlock(
        label=_("Address"), help_text=_("The full address of your page there, starting https://")
    )

    class Meta:
        icon = "link"
        value_class = SocialLinkValue


role_label_validator = RegexValidator(
    r"^[^\W\d_][\w '\-]*$", _("Use a word or two, e.g. 'helper' or 'volunteer'.")
)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs this site and how people reach them; the words used for surgery roles."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        default="Patchwork",
        help_text=_("The name of the group that runs this website, shown at the top of every page."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where readers can write to you. Shown at the foot of every page."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name=_("social links"),
        blank=True,
        help_text=_("Your group's pages elsewhere, linked at the foot of every page."),
    )
    helper_label = models.CharField(
        _("helper label"),
        max_length=40,
        default="helper",
        validators=[role_label_validator],
        help_text=_(
            "What you call people who give help at a surgery, e.g. 'helper' or 'volunteer'. "
            "Some groups find 'surgeon' and 'patient' unequal."
        ),
    )
    attendee_label = models.CharField(
        _("attendee label"),
        max_length=40,
        default="attendee",
        validators=[role_label_validator],
        help_text=_("What you call people who come to a surgery to get help, e.g. 'attendee' or 'guest'."),
    )

    # The town's look: one set of templates, these few choices per Site (home/colours.py).
    logo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Your group's logo, shown beside its name at the top of every page."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_primary_colour],
        help_text=_(
            "Optional. The colour of the top of every page, as # and six letters or digits, e.g. "
            "#14532d. White text must be easy to read on it, so very light colours are refused."
        ),
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        max_length=600,
        help_text=_("Optional. A few words at the foot of every page, e.g. your charity number."),
    )
    sender_email = models.EmailField(
        _("sender email"),
        blank=True,
        help_text=_(
            "Optional. The address emails from this website come from. Leave empty to use the "
            "address set up for the whole installation."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("contact_email"), FieldPanel("social_links")],
            heading=_("Your organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("footer_text")],
            heading=_("Your look"),
        ),
        FieldPanel("sender_email"),
        MultiFieldPanel(
            [FieldPanel("helper_label"), FieldPanel("attendee_label")],
            heading=_("Surgery roles"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    # Every page shows the organisation's name and links, so the settings are kept in the
    # cache (one entry per site) instead of being read on each request, and dropped on save.

    @staticmethod
    def cache_key(site_id):
        return f"patchwork:site-settings:{site_id}"

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        instance = cache.get(cls.cache_key(site.pk))
        if instance is None:
            instance = super().for_site(site)
            cache.set(cls.cache_key(site.pk), instance, None)
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))

    def delete(self, *args, **kwargs):
        cache.delete(self.cache_key(self.site_id))
        return super().delete(*args, **kwargs)
