"""Newsletters and community blogs: a PublicationPage and its PostPage children.

A publication is one Neighbourhood Watch newsletter or one group's blog. Its
posts are its children in the page tree, so "everything in Kingstanding" is a
descendant query on the tree path. Readers browse a publication by month, tag
and author through routes on the publication page (``RoutablePageMixin``).
"""

import datetime
import html

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Prefetch, Q, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from cms.html import plain_text_as_rich_text
from cms.models import IntroMixin, SocialMetaMixin
from cms.page_saving import StaleDraftCannotUnpublishMixin
from cms.panels import Tab
from cms.renditions import prefetch_renditions
from cms.site_cache import kept_for_generation

from .blocks import PostBodyBlock
from .forms import PostPageForm, PublicationPageForm
from .listing import parse_cursor, posts_page

POSTS_PER_PAGE = 10
LIVE_UPDATE_MAX_LENGTH = 1000

DIGEST_WEEKDAYS = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]


class DigestIssuesPanel(HelpPanel):
    """A place digest's recent issues and what became of each (sent, held, nothing new)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "newsletters/admin/digest_issues_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.instance.kind == "digest")

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["digest_issues"] = self.instance.digest_issues.select_related("post")[:8]
            return context


class DigestIssuePanel(HelpPanel):
    """On a drafted digest: when it goes out, and the button to hold it (or let it go)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "newsletters/admin/digest_issue_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            return self.digest_issue is not None

        @cached_property
        def digest_issue(self):
            if not (self.instance and self.instance.pk):
                return None
            return DigestIssue.objects.filter(post_id=self.instance.pk).first()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["digest_issue"] = self.digest_issue
            return context


class Author(RevisionMixin, TranslatableMixin, models.Model):
    """Someone who writes for a publication (kept with its revisions, and per language).

    A name appears on the website, in feeds and in search engines only when the
    writer has agreed (``show_publicly``); otherwise posts say nothing about who
    wrote them and the author page does not exist.
    """

    name = models.CharField(
        gettext_lazy("name"),
        max_length=100,
        help_text=gettext_lazy("The writer's name as readers would know it."),
    )
    slug = models.SlugField(
        gettext_lazy("short name for the web address"),
        max_length=100,
        help_text=gettext_lazy("A short web-address-friendly version of the name, e.g. 'maureen-lewis'."),
    )
    show_publicly = models.BooleanField(
        default=False,
        verbose_name=gettext_lazy("show my name publicly"),
        help_text=gettext_lazy(
            "Tick only if this person has said yes to having their name shown on the website and "
            "in feeds. If not ticked, their posts appear without a name."
        ),
    )
    bio = models.TextField(
        gettext_lazy("about them"),
        blank=True,
        max_length=400,
        help_text=gettext_lazy(
            "Optional. A sentence or two about them, shown on their page if their name is public."
        ),
    )

    # Whose author this is (newsletters/authors.py): a town's organisers see only their town's.
    town_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("town"),
        help_text=gettext_lazy(
            "The town (or part of the website) whose organisers look after this author. Leave it "
            "empty for an author of the whole network, whom only network administrators can change."
        ),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="author")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("show_publicly"),
        FieldPanel("bio"),
        FieldPanel("town_page"),
    ]
    # A name is the same in every language unless a translator writes it in another script;
    # the slug is shared by all translations (the author page has one address per language).
    # Every translation belongs to the same town.
    override_translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("town_page", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        # One author page address per language; translations share the slug.
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        # Deleting an author deletes their revisions with them.
        return self._revisions


class PublicationPage(RoutablePageMixin, IntroMixin, SocialMetaMixin, Page):
    """A newsletter (issues sent by email) or a community blog (posts)."""

    page_description = gettext_lazy(
        "A group's newsletter (issues readers can get by email) or blog "
        "(posts now and then). Add issues or posts under it."
    )

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", gettext_lazy("Newsletter")
        BLOG = "blog", gettext_lazy("Blog")
        DIGEST = "digest", gettext_lazy("Place digest")

    class DigestFrequency(models.TextChoices):
        WEEKLY = "weekly", gettext_lazy("Every week")
        MONTHLY = "monthly", gettext_lazy("Every month (on the first of the chosen day)")

    kind = models.CharField(
        gettext_lazy("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWSLETTER,
        help_text=gettext_lazy(
            "A newsletter comes out in numbered issues people can get by email; a blog has posts. A "
            "place digest is drafted for you from what is new in its place (see the Sending tab)."
        ),
    )
    logo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=gettext_lazy("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Optional. Your group's logo, shown at the top of the publication and on printed issues."
        ),
    )
    frequency = models.CharField(
        gettext_lazy("frequency"),
        max_length=80,
        blank=True,
        help_text=gettext_lazy("Optional. How often it comes out, e.g. 'Monthly' or 'When there is news'."),
    )
    contact_name = models.CharField(
        gettext_lazy("contact name"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy(
            "Optional. Who readers can contact, e.g. 'Maureen Lewis, coordinator'. Shown publicly."
        ),
    )
    contact_email = models.EmailField(
        gettext_lazy("contact email"),
        blank=True,
        help_text=gettext_lazy(
            "Optional. An email address for readers. Shown publicly and on printed issues."
        ),
    )
    contact_phone = models.CharField(
        gettext_lazy("contact phone"),
        max_length=30,
        blank=True,
        help_text=gettext_lazy("Optional. A phone number for readers. Shown publicly and on printed issues."),
    )
    email_sender_name = models.CharField(
        gettext_lazy("sender name"),
        max_length=80,
        blank=True,
        help_text=gettext_lazy(
            "Optional. The name subscribers see as the sender of each emailed issue, e.g. "
            "'Kingstanding Watch'. Leave it empty to use the publication's title. The sending address "
            "itself stays this website's own, so mail providers do not take your issues for forgeries."
        ),
    )
    email_reply_to = models.EmailField(
        gettext_lazy("reply-to address"),
        blank=True,
        help_text=gettext_lazy(
            "Optional. Where replies to an emailed issue arrive, e.g. your group's inbox. Subscribers "
            "see this address. Leave it empty and the issue does not invite replies."
        ),
    )

    digest_frequency = models.CharField(
        gettext_lazy("how often"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
        help_text=gettext_lazy("Place digests only. How often the digest goes out."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        gettext_lazy("day it goes out"),
        choices=DIGEST_WEEKDAYS,
        default=4,
        help_text=gettext_lazy(
            "Place digests only. The day it is emailed; a monthly digest goes out on the first of "
            "these days in the month. It is drafted a day before, so you can check it."
        ),
    )
    digest_send_time = models.TimeField(
        gettext_lazy("time it goes out"),
        default=datetime.time(8, 0),
        help_text=gettext_lazy("Place digests only. The time of day it is emailed (UK time), e.g. 08:00."),
    )

    parent_page_types = ["home.HomePage", "home.PlacePage", "home.CommunityCentrePage"]
    subpage_types = ["newsletters.PostPage"]
    base_form_class = PublicationPageForm
    search_kind = "news"  # what site search calls it (search/kinds.py)
    search_is_publication = True
    # Who to contact is the same in every language; what the publication says is translated.
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_phone"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel(
            "intro",
            help_text=gettext_lazy("A few sentences about who writes this and what readers will find in it."),
        ),
        FieldPanel("logo"),
        FieldPanel("frequency"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=gettext_lazy("How readers can contact you"),
        ),
    ]
    sending_panels = [
        MultiFieldPanel(
            [FieldPanel("email_sender_name"), FieldPanel("email_reply_to")],
            heading=gettext_lazy("Issues sent by email"),
            help_text=gettext_lazy("Who your emailed issues come from, and where replies go."),
        ),
        MultiFieldPanel(
            [FieldPanel("digest_frequency"), FieldPanel("digest_weekday"), FieldPanel("digest_send_time")],
            heading=gettext_lazy("Place digest"),
            help_text=gettext_lazy(
                "Only for a place digest: when it is emailed. Each issue is drafted a day before from "
                "the new posts, surgeries and events of the place and the places in it."
            ),
        ),
        DigestIssuesPanel(heading=gettext_lazy("Recent digests")),
    ]
    edit_handler = TabbedInterface(
        [
            Tab(content_panels, heading=gettext_lazy("Content")),
            Tab(sending_panels, heading=gettext_lazy("Sending")),
            Tab(SocialMetaMixin.promote_panels, heading=gettext_lazy("Promote")),
            Tab(Page.settings_panels, heading=gettext_lazy("Settings")),
        ]
    )

    class Meta:
        verbose_name = gettext_lazy("publication")

    def get_social_image(self):
        return self.social_image or self.logo

    @property
    def takes_subscribers(self):
        """Whether readers can get this publication by email (a newsletter or a place digest)."""
        return self.kind in EMAILED_KINDS

    @property
    def is_digest(self):
        return self.kind == self.Kind.DIGEST

    @property
    def has_contacts(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    # --- what readers see ---------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["archive_url"] = self.subpage_url(request, "archive")
        return context

    def posts(self):
        """This publication's live, public posts, newest first."""
        return PostPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def listing_context(self, request, posts, **extra):
        """Context for a list of posts, POSTS_PER_PAGE at a time with "older" and "newer" links.

        The links carry the date and id of the post next to the page (newsletters.listing), so a
        deep page costs what the first does; an old ``?page=`` number is ignored.
        """
        page_obj = posts_page(for_listing(posts), request.GET, POSTS_PER_PAGE)
        page_obj.posts = with_card_renditions(page_obj.posts)
        return {"page_obj": page_obj, "posts": page_obj.posts, **extra}

    def latest_posts_page(self, request):
        """The publication's own page of posts (newest, or the one its cursor names), kept for
        the cache generation: any publish, unpublish, move or delete starts a new one. A cursor
        that is not one is the newest page, so only real pages are kept; a preview reads them."""
        if getattr(request, "is_preview", False):
            return posts_page(for_listing(self.posts()), request.GET, POSTS_PER_PAGE)
        cursors = [parse_cursor(request.GET.get(name)) for name in ("before", "after")]
        named = ":".join(f"{cursor[0].isoformat()},{cursor[1]}" if cursor else "-" for cursor in cursors)

        def read():
            page_obj = posts_page(for_listing(self.posts()), request.GET, POSTS_PER_PAGE)
            page_obj.posts = list(page_obj.posts)
            return page_obj

        return kept_for_generation(f"patchwork:posts-page:{self.pk}:{named}", read)

    def feed_links(self, kind, **kwargs):
        """(RSS, Atom) addresses of a feed of this publication or one of its tags or authors."""
        return reverse(f"newsletters:{kind}_rss", kwargs=kwargs), reverse(
            f"newsletters:{kind}_atom", kwargs=kwargs
        )

    def subpage_url(self, request, name, *args):
        return self.get_url(request) + self.reverse_subpage(name, args=args).lstrip("/")

    def render_listing(self, request, heading, posts, feeds, **extra):
        """A month, tag or author page: the publication's template with a heading and its own feeds."""
        context = self.listing_context(
            request,
            posts,
            listing_heading=heading,
            listing_feeds=feeds,
            canonical_url=request.build_absolute_uri(request.path),
            **extra,
        )
        return self.render(request, context_overrides=context)

    @path("")
    def latest(self, request):
        rss, atom = self.feed_links("publication", pk=self.pk)
        page_obj = self.latest_posts_page(request)
        page_obj.posts = with_card_renditions(page_obj.posts)
        context = {"page_obj": page_obj, "posts": page_obj.posts, "listing_feeds": (rss, atom)}
        return self.render(request, context_overrides=context)

    @path("archive/", name="archive")
    def archive(self, request):
        months = (
            self.posts()
            .order_by()
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        years = {}
        for row in months:
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            url = self.subpage_url(request, "archive_month", month.year, month.month)
            years.setdefault(month.year, []).append((month, row["count"], url))
        return self.render(
            request,
            template="newsletters/publication_archive.html",
            context_overrides={
                "years": [
                    (year, self.subpage_url(request, "archive_year", year), m) for year, m in years.items()
                ],
                "canonical_url": request.build_absolute_uri(),
            },
        )

    @path("archive/<int:year>/", name="archive_year")
    def archive_year(self, request, year):
        if not 1 <= year <= 9999:
            raise Http404(_("There is no such year."))
        posts = self.posts().filter(date__year=year)
        if not posts.exists():
            raise Http404(_("Nothing was published in that year."))
        heading = _("Published in %(year)s") % {"year": year}
        rss, atom = self.feed_links("publication", pk=self.pk)
        return self.render_listing(request, heading, posts, (rss, atom))

    @path("archive/<int:year>/<int:month>/", name="archive_month")
    def archive_month(self, request, year, month):
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            raise Http404(_("There is no such month."))
        posts = self.posts().filter(date__year=year, date__month=month)
        if not posts.exists():
            raise Http404(_("Nothing was published in that month."))
        label = format_date(datetime.date(year, month, 1), "F Y")
        heading = _("Published in %(month)s") % {"month": label}
        rss, atom = self.feed_links("publication", pk=self.pk)
        return self.render_listing(request, heading, posts, (rss, atom))

    @path("tags/<slug:tag>/", name="tag")
    def tag(self, request, tag):
        tag_object = get_object_or_404(Tag, slug=tag)
        posts = self.posts().filter(tags=tag_object)
        if not posts.exists():
            raise Http404(_("Nothing here is tagged with that."))
        heading = _("Posts tagged “%(tag)s”") % {"tag": tag_object.name}
        return self.render_listing(request, heading, posts, self.feed_links("tag", tag=tag_object.slug))

    @path("authors/<slug:author>/", name="author")
    def author(self, request, author):
        # Each language may have its own copy of an author, under the same address; until it
        # has one, its translated posts name the original, and so does this page.
        author_object = (
            Author.objects.filter(slug=author, show_publicly=True)
            .order_by(Case(When(locale_id=self.locale_id, then=0), default=1))
            .first()
        )
        if author_object is None:
            raise Http404(_("This person has not written anything here."))
        posts = self.posts().filter(authors__translation_key=author_object.translation_key)
        if not posts.exists():
            raise Http404(_("This person has not written anything here."))
        heading = _("Posts by %(name)s") % {"name": author_object.name}
        feeds = self.feed_links("author", author=author_object.slug)
        return self.render_listing(request, heading, posts, feeds, listing_author=author_object)


# Publications whose issues are emailed to subscribers (a blog's posts are not).
EMAILED_KINDS = (PublicationPage.Kind.NEWSLETTER, PublicationPage.Kind.DIGEST)


class PostPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsletters.PostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def first_paragraph_text(body, limit):
    """The words of a body's first paragraph, cut at a word to at most ``limit`` characters."""
    for child in body or []:
        if child.block_type != "paragraph":
            continue
        text = " ".join(html.unescape(strip_tags(child.value.source)).split())
        if not text:
            continue
        if len(text) <= limit:
            return text
        return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def public_authors_prefetch():
    """Authors who agreed to be named, onto ``post.public_authors``."""
    return Prefetch("authors", queryset=Author.objects.filter(show_publicly=True), to_attr="public_authors")


def tags_prefetch():
    """Each post's tagging rows, each with its ``tag``, in the order added, onto ``post.tagged``.

    One query for all the posts; prefetching ``tags`` itself makes taggit build a queryset for
    every post (a tenth of a feed's time)."""
    return Prefetch(
        "tagged_items", queryset=PostPageTag.objects.select_related("tag").order_by("pk"), to_attr="tagged"
    )


# The renditions a post card draws (templates/includes/cards/post_card.html), spelt as Wagtail
# stores them: the operations in the order the template names them.
CARD_RENDITIONS = ["format-webp|fill-480x270", "format-jpeg|fill-480x270"]


def for_listing(posts):
    """Make a queryset of posts cheap to list: no bodies, their pictures and named authors in bulk.

    The card (templates/includes/cards/post_card.html) shows no tags, so none are read. Its
    renditions come from ``with_card_renditions`` once the page of posts is a list.
    """
    return posts.defer_streamfields().select_related("lead_image").prefetch_related(public_authors_prefetch())


def with_card_renditions(posts):
    """The posts as a list, their lead pictures holding the card's renditions (cms.renditions)."""
    posts = list(posts)
    prefetch_renditions([post.lead_image for post in posts], *CARD_RENDITIONS)
    return posts


LEAD_IMAGE_NEEDS_ALT_TEXT = (
    "This picture has no description for people who cannot see it. Open it under Images (or use "
    "'Edit this image'), fill in 'Alternative text' with a sentence saying what it shows, save it, "
    "then save this post again."
)


class PostPage(StaleDraftCannotUnpublishMixin, IntroMixin, SocialMetaMixin, Page):
    """One newsletter issue or blog post."""

    page_description = gettext_lazy(
        "One issue of a newsletter or one blog post: add it under the newsletter or blog it belongs to."
    )

    date = models.DateField(
        gettext_lazy("date"), help_text=gettext_lazy("The date of this issue or post, shown to readers.")
    )
    lead_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=gettext_lazy("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Optional. A picture shown at the top of the post, in lists and when it is shared. It "
            "needs its 'Alternative text' (a sentence describing it, kept with the image): add it "
            "when you upload the picture, or later under Images."
        ),
    )
    body = StreamField(
        PostBodyBlock(),
        verbose_name=gettext_lazy("body"),
        blank=True,
        help_text=gettext_lazy("The issue or post itself. Use headings to break it into sections."),
    )
    tags = ClusterTaggableManager(
        through=PostPageTag,
        blank=True,
        help_text=gettext_lazy("Optional. A few words readers can follow, e.g. 'bins', 'scams', 'meetings'."),
    )
    authors = ParentalManyToManyField(
        "newsletters.Author",
        verbose_name=gettext_lazy("authors"),
        blank=True,
        related_name="posts",
        help_text=gettext_lazy("Optional. Who wrote this. Names are shown only for people who agreed."),
    )

    class Coverage(models.TextChoices):
        NONE = "", gettext_lazy("No: an ordinary post")
        LIVE = "live", gettext_lazy("Live now: readers see updates as you add them")
        ENDED = "ended", gettext_lazy("Ended: the summary on top, the updates below")

    # Live coverage of a meeting (newsletters/live.py): updates are LiveUpdate rows, not revisions.
    coverage = models.CharField(
        gettext_lazy("live coverage"),
        max_length=10,
        choices=Coverage.choices,
        default=Coverage.NONE,
        blank=True,
        help_text=gettext_lazy(
            "For a meeting you report as it happens (a council meeting, a police panel, an AGM). "
            "Choose 'Live now' and publish, then use 'Add a live update' from your phone."
        ),
    )
    coverage_summary = models.TextField(
        gettext_lazy("summary of the meeting"),
        blank=True,
        help_text=gettext_lazy("Shown above the updates once the coverage has ended."),
    )
    hashtag = models.CharField(
        gettext_lazy("hashtag"),
        max_length=60,
        blank=True,
        help_text=gettext_lazy(
            "Optional. Added to share links, e.g. #Kingstanding. Leave it empty to use the place's name."
        ),
    )

    parent_page_types = ["newsletters.PublicationPage"]
    subpage_types = []
    search_kind = "news"  # what site search calls it and the date it shows (search/kinds.py)
    search_date_field = "date"
    # The date, picture, tags and authors follow the English post; its words are translated.
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("authors")]
    base_form_class = PostPageForm
    search_fields = [
        *IntroMixin.search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        DigestIssuePanel(heading=gettext_lazy("Place digest")),
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel(
            "intro",
            help_text=gettext_lazy(
                "One or two sentences that say what this issue is about, shown in lists, feeds and "
                "emails. Leave it empty and the first paragraph is used."
            ),
        ),
        MultiFieldPanel(
            # "photo" and its description are the newcomers' one-step upload (see forms.py); others
            # choose "lead_image", and describe it on the image.
            [FieldPanel("lead_image"), FieldPanel("photo"), FieldPanel("photo_description")],
            heading=gettext_lazy("Picture"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("authors"),
        MultiFieldPanel(
            [FieldPanel("coverage"), FieldPanel("coverage_summary"), FieldPanel("hashtag")],
            heading=gettext_lazy("Live coverage"),
        ),
    ]

    class Meta:
        verbose_name = gettext_lazy("post or issue")
        # Listings and feeds read the newest posts first: this index lets the database stop
        # after one page of them instead of sorting every post.
        indexes = [models.Index(fields=["date", "page_ptr"], name="newsletters_post_date_idx")]

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image.alt_text:
            raise ValidationError({"lead_image": LEAD_IMAGE_NEEDS_ALT_TEXT})
        self.fill_in_descriptions()

    def fill_in_descriptions(self):
        """Lists, feeds and search engines always get a description, even when nobody typed one.

        An empty introduction comes from the first paragraph, and an empty meta description
        from the introduction.
        """
        if not self.intro_text:
            self.intro = plain_text_as_rich_text(first_paragraph_text(self.body, limit=300))
        if not (self.search_description or "").strip():
            self.search_description = self.intro_text

    @classmethod
    def get_indexed_objects(cls):
        """Every post but the issues of place digests: they repeat posts site search already finds."""
        from .queries import without_digest_issues

        return without_digest_issues(super().get_indexed_objects())

    def get_social_image(self):
        return self.social_image or self.lead_image

    def get_publication(self):
        return PublicationPage.objects.select_related("logo").get(
            path=self.path[: -self.steplen], depth=self.depth - 1
        )

    def neighbours(self):
        """The posts just before and after this one in the same publication."""
        siblings = PostPage.objects.sibling_of(self, inclusive=False).live().public().defer_streamfields()
        earlier = Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)
        later = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
        previous = siblings.filter(earlier).order_by("-date", "-pk").first()
        following = siblings.filter(later).order_by("date", "pk").first()
        return previous, following

    def surroundings(self, request):
        """Its publication, the posts either side, its public authors and its tags.

        Five queries, read once per cache generation (``cms.site_cache.content_version``: any
        publish, unpublish, move or delete, and any author renamed or hidden, starts a new one)
        for the live page; a preview shows the editor's own authors and tags, read each time.
        """

        def read():
            return (
                self.get_publication(),
                *self.neighbours(),
                list(self.authors.filter(show_publicly=True)),
                list(self.tags.all()),
            )

        if getattr(request, "is_preview", False):
            return read()
        return kept_for_generation(f"patchwork:post-surroundings:{self.pk}:{self.live_revision_id}", read)

    def get_context(self, request, *args, **kwargs):
        from .live import live_context
        from .sharing import post_sharing_context

        context = super().get_context(request, *args, **kwargs)
        publication, previous, following, authors, tags = self.surroundings(request)
        for author in authors:
            author.listing_url = publication.subpage_url(request, "author", author.slug)
        for tag in tags:
            tag.listing_url = publication.subpage_url(request, "tag", tag.slug)
        context.update(
            publication=publication,
            previous_post=previous,
            next_post=following,
            public_authors=authors,
            post_tags=tags,
            **post_sharing_context(request, self, publication, authors, tags),
            **live_context(request, self),
        )
        return context


class ImportedPost(models.Model):
    """Where a post brought in from another blog or feed came from (newsletters.importing).

    Importing the same file or feed again finds its posts here by the source's GUID (or
    permalink) and updates them instead of adding copies; the permalink is kept so links
    between imported posts, and redirects from the old addresses, can point at the new pages.
    """

    publication = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="+")
    source_key = models.CharField(
        max_length=500, help_text="The post's GUID in the source, or its permalink."
    )
    source_url = models.CharField(
        max_length=1000, blank=True, help_text="The post's address on the old site."
    )
    page = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "source_key"], name="newsletters_imported_post_key_unique"
            )
        ]


class PostImport(models.Model):
    """One import started in the admin: the file between its preview and the go-ahead, then progress.

    The uploaded (or fetched) file waits here, so the preview's "Import" button sends only this
    row's id and the worker (on any machine) reads the same bytes; they are dropped once the
    import has run.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", gettext_lazy("Waiting for the go-ahead")
        QUEUED = "queued", gettext_lazy("Waiting to start")
        RUNNING = "running", gettext_lazy("Importing")
        DONE = "done", gettext_lazy("Finished")
        FAILED = "failed", gettext_lazy("Stopped by an error")

    publication = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(max_length=255)
    data = models.BinaryField(blank=True, default=b"")
    redirects = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)


class DigestIssue(models.Model):
    """One issue of a place digest: the period it covers, when it goes out, and what became of it.

    The drafter (home.digests) makes one row per send time, with a draft PostPage under the digest
    holding the items; a week with nothing new gets a row with no post (``empty``), so editors see
    why nothing went out. An editor may hold a drafted issue; the scheduler sends only ``drafted``
    ones whose time has come (newsletters.digests).
    """

    class Status(models.TextChoices):
        DRAFTED = "drafted", gettext_lazy("Drafted: goes out at the time shown unless held")
        HELD = "held", gettext_lazy("Held by an editor: it will not go out")
        SENT = "sent", gettext_lazy("Sent")
        EMPTY = "empty", gettext_lazy("Nothing new in the place: nothing was sent")
        CANCELLED = "cancelled", gettext_lazy("Not sent: its draft was deleted")
        MISSED = (
            "missed",
            gettext_lazy(
                "Not sent: the scheduler was not running at its time and came back too late to send it"
            ),
        )

    publication = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="digest_issues")
    post = models.OneToOneField(
        PostPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="digest_issue"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFTED)
    news_from = models.DateTimeField(help_text="New posts published from this moment…")
    news_until = models.DateTimeField(help_text="…until this one are in the issue.")
    send_at = models.DateTimeField(help_text="When the issue goes out unless held.")
    coming_until = models.DateTimeField(help_text="Surgeries and events until this moment are in the issue.")
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True, help_text="When an editor last let it go.")
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="The email checks' warnings (subscriptions.email_checks): when drafted, then as sent.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-send_at"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "send_at"], name="one_digest_issue_per_send_time"),
        ]
        indexes = [models.Index(fields=["status", "send_at"], name="digest_issue_status_send")]

    def __str__(self):
        return f"{self.publication_id} at {self.send_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def may_be_held(self):
        return self.status == self.Status.DRAFTED

    @property
    def may_be_released(self):
        return self.status == self.Status.HELD


class LiveUpdate(models.Model):
    """One short timestamped update of a post covering a meeting live (newsletters/live.py).

    Its own row, so adding one from a phone makes no page revision; ``anchor`` is its stable
    address on the page (``#update-12``).
    """

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="live_updates")
    created_at = models.DateTimeField(gettext_lazy("time"), default=timezone.now)
    text = models.TextField(gettext_lazy("update"), max_length=LIVE_UPDATE_MAX_LENGTH)
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=gettext_lazy("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = gettext_lazy("live update")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["post", "-created_at"], name="newsletters_liveupdate_idx")]

    def __str__(self):
        return f"{self.post_id} {self.created_at:%H:%M}"

    def pages_showing_it(self):
        """Where its photo is shown (cms.front_cache.image_changed)."""
        return [self.post]

    @property
    def anchor(self):
        return f"update-{self.pk}"


# Only its photo goes in Wagtail's reference index (newsletters/apps.py): a post is not "used by"
# its own updates.
for _field in ("post", "author"):
    LiveUpdate._meta.get_field(_field).wagtail_reference_index_ignore = True
