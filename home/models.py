"""The front door and the geography: a home page per town, places, plain pages."""

from django.core.validators import RegexValidator
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import SIMPLE_RICH_TEXT_FEATURES, BaseContentBlock
from cms.models import SocialMetaMixin


class IntroMixin(models.Model):
    """A short welcome above a page's listings, and a picture."""

    intro = RichTextField(
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text="A few sentences that welcome readers and say what they will find here.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
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


class HomePage(IntroMixin, SocialMetaMixin, Page):
    """The front page of one town or network: one per Wagtail Site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.PlacePage", "home.StandardPage", "newsletters.PublicationPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places"] = PlacePage.children_of(self)
        return context


class PlacePage(IntroMixin, SocialMetaMixin, Page):
    """A town or neighbourhood. Everything published below it is "what's on here"."""

    parent_page_types = ["home.HomePage", "home.PlacePage"]
    subpage_types = [
        "home.PlacePage",
        "home.CommunityCentrePage",
        "newsletters.PublicationPage",
        "surgeries.SurgeryPage",
    ]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image")]

    class Meta:
        verbose_name = "place"

    @classmethod
    def children_of(cls, page):
        """The places directly below ``page`` that readers may see, in menu order."""
        return cls.objects.child_of(page).live().public().select_related("image").order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places"] = PlacePage.children_of(self)
        return context


class CommunityCentrePage(IntroMixin, SocialMetaMixin, Page):
    """A community centre: what it offers, when it is open, what is on there."""

    address = models.TextField(help_text="The centre's street address, one line per line of the address.")
    postcode = models.CharField(max_length=10, help_text="The full postcode, e.g. B44 0QA.")
    phone = models.CharField(max_length=30, blank=True, help_text="A phone number people can call.")
    email = models.EmailField(
        blank=True, help_text="Where room-hire enquiries and questions are sent. Shown on the page."
    )

    parent_page_types = ["home.PlacePage"]
    subpage_types = ["newsletters.PublicationPage"]
    search_fields = [*IntroMixin.search_fields, index.SearchField("address"), index.SearchField("postcode")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("phone"), FieldPanel("email")],
            heading="Finding and contacting the centre",
        ),
    ]

    class Meta:
        verbose_name = "community centre"


class StandardPage(SocialMetaMixin, Page):
    """A plain page: about us, privacy notice, accessibility statement."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown under the title and in search results.",
    )
    body = StreamField(
        BaseContentBlock(),
        blank=True,
        help_text="The main text. Add headings to break it into short sections.",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    class Meta:
        verbose_name = "standard page"


SOCIAL_SERVICES = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X (Twitter)"),
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
    ("youtube", "YouTube"),
    ("whatsapp", "WhatsApp channel"),
    ("other", "Our page elsewhere"),
]


class SocialLinkValue(blocks.StructValue):
    def service_label(self):
        return dict(SOCIAL_SERVICES).get(self.get("service"), self.get("service"))


class SocialLinkBlock(blocks.StructBlock):
    service = blocks.ChoiceBlock(choices=SOCIAL_SERVICES, help_text="Which website this link goes to.")
    url = blocks.URLBlock(help_text="The full address of your page there, starting https://")

    class Meta:
        icon = "link"
        value_class = SocialLinkValue


role_label_validator = RegexValidator(
    r"^[^\W\d_][\w '\-]*$", "Use a word or two, e.g. 'helper' or 'volunteer'."
)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs this site and how people reach them; the words used for surgery roles."""

    organisation_name = models.CharField(
        max_length=120,
        default="Patchwork",
        help_text="The name of the group that runs this website, shown at the top of every page.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where readers can write to you. Shown at the foot of every page."
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        help_text="Your group's pages elsewhere, linked at the foot of every page.",
    )
    helper_label = models.CharField(
        max_length=40,
        default="helper",
        validators=[role_label_validator],
        help_text=(
            "What you call people who give help at a surgery, e.g. 'helper' or 'volunteer'. "
            "Some groups find 'surgeon' and 'patient' unequal."
        ),
    )
    attendee_label = models.CharField(
        max_length=40,
        default="attendee",
        validators=[role_label_validator],
        help_text="What you call people who come to a surgery to get help, e.g. 'attendee' or 'guest'.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("contact_email"), FieldPanel("social_links")],
            heading="Your organisation",
        ),
        MultiFieldPanel(
            [FieldPanel("helper_label"), FieldPanel("attendee_label")],
            heading="Surgery roles",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
