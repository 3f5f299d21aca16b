"""The front door and the geography: a home page per town, places, plain pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from cms.blocks import BaseContentBlock
from cms.models import IntroMixin, SocialMetaMixin
from cms.routing import PathRoutingMixin
from fediverse.actors import handle_for as fediverse_handle
from handover.queries import has_stories
from newsletters.queries import latest_posts, publications_below
from planet.queries import items_below
from surgeries.queries import upcoming_surgeries

from .centres import CommunityCentrePage
from .listings import cached_listings
from .mixins import HeaderImageMixin

# How many posts and surgeries a "what's on" section shows before pointing to the feeds.
WHATS_ON_LIMIT = 5


def whats_on(root_page, publications=()):
    """Latest posts and upcoming surgeries anywhere below ``root_page``: two descendant queries.

    The posts' publications are looked up unless they are among ``publications`` already.
    """
    return {
        "latest_posts": list(latest_posts(root_page, limit=WHATS_ON_LIMIT, publications=publications)),
        "upcoming_surgeries": list(upcoming_surgeries(root_page, limit=WHATS_ON_LIMIT)),
    }


class HomePage(PathRoutingMixin, IntroMixin, HeaderImageMixin, SocialMetaMixin, Page):
    """The front page of one town or network: one per Wagtail Site."""

    page_description = _(
        "The front page of a whole website for one town or network. Each "
        "website has just one; you rarely add another."
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.PlacePage", "home.StandardPage", "newsletters.PublicationPage"]
    # wagtail-localize copies the web address from the English page on each sync (a translator
    # may override it) and hands the words to translators; pictures and dates are copied too.
    override_translatable_fields = [SynchronizedField("slug")]

    content_panels = [*IntroMixin.content_panels, FieldPanel("image")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached_listings(self, request, self.listings))
        return context

    def listings(self):
        return {"places": list(PlacePage.children_of(self)), **whats_on(self)}


class PlacePage(IntroMixin, HeaderImageMixin, SocialMetaMixin, Page):
    """A town or neighbourhood. Everything published below it is "what's on here"."""

    page_description = _(
        "A town or neighbourhood. Newsletters, blogs, surgeries and "
        "centres you add under it are listed on it."
    )

    parent_page_types = ["home.HomePage", "home.PlacePage"]
    search_is_place = True  # offered as a place to search in (search/kinds.py)
    subpage_types = [
        "home.PlacePage",
        "home.CommunityCentrePage",
        "newsletters.PublicationPage",
        "surgeries.SurgeryPage",
    ]
    override_translatable_fields = [SynchronizedField("slug")]

    content_panels = [*IntroMixin.content_panels, FieldPanel("image")]

    class Meta:
        verbose_name = _("place")

    @classmethod
    def children_of(cls, page):
        """The places directly below ``page`` that readers may see, in menu order."""
        return cls.objects.child_of(page).live().public().select_related("image").order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached_listings(self, request, self.listings))
        context["has_stories"] = has_stories(self)  # from the cache: no query once warm
        # Posts on other websites (this place's and its sub-places' approved feeds): no query once cached.
        context["from_elsewhere"] = items_below(self, limit=WHATS_ON_LIMIT)
        # The place's news as a fediverse account (@slug@host), unless a publication has that name.
        context["fediverse_handle"] = fediverse_handle(self)
        return context

    def listings(self):
        """What's on here: each listing is one query over this place's part of the tree."""
        publications = list(publications_below(self))
        return {
            "places": list(PlacePage.children_of(self)),
            "centres": list(CommunityCentrePage.within(self)),
            # This place's own digest gets the sign-up box; digests are not listed as publications.
            "digest": next((p for p in publications if p.is_digest and p.depth == self.depth + 1), None),
            "publications": [publication for publication in publications if not publication.is_digest],
            **whats_on(self, publications),
        }


class StandardPage(IntroMixin, SocialMetaMixin, Page):
    """A plain page: about us, privacy notice, accessibility statement."""

    page_description = _(
        'A plain page of text and pictures, such as "About us", the '
        "privacy notice or the accessibility statement."
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    override_translatable_fields = [SynchronizedField("slug")]

    body = StreamField(
        BaseContentBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The main text. Add headings to break it into short sections."),
    )

    search_fields = [*IntroMixin.search_fields, index.SearchField("body")]
    content_panels = [*IntroMixin.content_panels, FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
