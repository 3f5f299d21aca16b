"""Community centres: where they are, when they are open, what they offer and what is on."""

from datetime import time
from decimal import Decimal
from urllib.parse import quote_plus

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TabbedInterface,
)
from wagtail.models import Orderable, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from cms.models import IntroMixin, SocialMetaMixin
from cms.panels import Tab
from cms.renditions import prefetch_renditions
from cms.site_cache import content_version, generation_cache
from newsletters.queries import latest_posts
from surgeries.queries import upcoming_surgeries_at

from .. import hours
from .listings import cached_listings
from .mixins import WEEKDAY_CHOICES, WEEKDAYS, HeaderImageMixin

# Rendition of room photos shown on the centre page; prefetched with the rooms.
ROOM_PHOTO_FILTER = "fill-480x320|format-webp"
# What a centre page shows of its own (CommunityCentrePage.prefetch_for_page), and for how long
# at most it is kept in the cache (a day's exceptions to the hours are part of it).
CENTRE_DETAILS = ("opening_hours", "opening_hours_exceptions", "activities", "facilities", "rooms")
CENTRE_DETAILS_CACHE_SECONDS = 60 * 60
CENTRE_POSTS_LIMIT = 3
CENTRE_SURGERIES_LIMIT = 5


class HirerKind(models.TextChoices):
    """Who is hiring a room: centres charge each kind a different hourly rate."""

    RESIDENT = "resident", _("Local resident")
    COMMUNITY = "community", _("Charity or community group")
    BUSINESS = "business", _("Business")


class Facility(RevisionMixin, TranslatableMixin, models.Model):
    """Something a centre offers visitors, such as free Wi-Fi or a kitchen. Shared by every centre.

    Kept with its revisions (so an editor can see who changed it and undo) and per language.
    """

    name = models.CharField(
        pgettext_lazy("what something is called", "name"),
        max_length=80,
        help_text=_("A short name residents will recognise, e.g. 'Free Wi-Fi'."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Optional. A few words of detail, e.g. 'Ask at reception for the password'."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="facility")

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name_plural = "facilities"
        unique_together = [("translation_key", "locale"), ("name", "locale")]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        # Deleting a facility deletes its revisions with it.
        return self._revisions


class CommunityCentrePage(IntroMixin, HeaderImageMixin, SocialMetaMixin, Page):
    """A community centre: what it offers, when it is open, what is on there."""

    page_description = _(
        "A community centre in a place: its address, opening hours, rooms to hire and what is on there."
    )

    address = models.TextField(
        _("address"), help_text=_("The centre's street address, one line per line of the address.")
    )
    postcode = models.CharField(_("postcode"), max_length=10, help_text=_("The full postcode, e.g. B44 0QA."))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_(
            "Optional. Makes the map link point exactly at the door. On openstreetmap.org, "
            "right-click the entrance, choose 'Show address' and copy the first number, e.g. 52.551000."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Optional. The second number from openstreetmap.org, e.g. -1.886600."),
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("A phone number people can call.")
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Where room-hire enquiries and questions are sent. Shown on the page."),
    )

    step_free_access = models.BooleanField(
        _("step-free access"),
        default=False,
        help_text=_("Tick if a wheelchair user can get in and around without steps."),
    )
    hearing_loop = models.BooleanField(
        _("hearing loop"),
        default=False,
        help_text=_("Tick if there is a working hearing loop for hearing-aid users."),
    )
    accessible_toilet = models.BooleanField(
        _("accessible toilet"),
        default=False,
        help_text=_("Tick if there is a toilet people using a wheelchair can use."),
    )
    parking = models.BooleanField(
        _("parking"), default=False, help_text=_("Tick if visitors can park at or right next to the centre.")
    )
    quiet_room = models.BooleanField(
        _("quiet room"),
        default=False,
        help_text=_("Tick if there is a quiet room people can use to take a break."),
    )
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_(
            "Optional. Anything else a disabled visitor would want to know, e.g. 'The lift is "
            "at the back of the building' or 'Blue Badge bays by the main door'."
        ),
    )
    facilities = ParentalManyToManyField(
        Facility,
        verbose_name=_("facilities"),
        blank=True,
        related_name="centres",
        help_text=_("Tick everything the centre offers visitors. Ask an administrator to add a new kind."),
    )

    parent_page_types = ["home.PlacePage"]
    subpage_types = ["newsletters.PublicationPage"]
    search_kind = "centres"  # what site search calls it (search/kinds.py)
    # Where the centre is and how to reach it are the same in every language (a translator may
    # still override them); the text about it is translated.
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("address"),
        SynchronizedField("postcode"),
        SynchronizedField("phone"),
        SynchronizedField("facilities"),
    ]
    search_fields = [
        *IntroMixin.search_fields,
        index.SearchField("address"),
        index.SearchField("postcode"),
        index.SearchField("accessibility_notes"),
    ]
    content_panels = [
        *IntroMixin.content_panels,
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Finding and contacting the centre"),
        ),
    ]
    hours_panels = [
        InlinePanel("opening_hours", heading=_("Usual opening hours"), label=_("Opening time")),
        InlinePanel(
            "opening_hours_exceptions",
            heading=_("Bank holidays, closures and special hours"),
            label=_("Change to the usual hours"),
        ),
    ]
    visiting_panels = [
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("hearing_loop"),
                FieldPanel("accessible_toilet"),
                FieldPanel("parking"),
                FieldPanel("quiet_room"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("facilities", widget=forms.CheckboxSelectMultiple),
    ]
    activity_panels = [
        InlinePanel("activities", heading=_("Weekly timetable"), label=_("Regular activity")),
        InlinePanel("rooms", heading=_("Rooms for hire"), label=_("Room")),
    ]
    edit_handler = TabbedInterface(
        [
            Tab(content_panels, heading=_("Content")),
            Tab(hours_panels, heading=_("Opening hours")),
            Tab(activity_panels, heading=_("Timetable and rooms")),
            Tab(visiting_panels, heading=_("Accessibility and facilities")),
            Tab(SocialMetaMixin.promote_panels, heading=_("Promote")),
            Tab(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("community centre")

    @classmethod
    def within(cls, root_page):
        """Live, public centres anywhere below ``root_page``, by name: one descendant query."""
        return (
            cls.objects.live()
            .public()
            .descendant_of(root_page)
            .filter(locale_id=root_page.locale_id)
            .order_by("title")
        )

    # --- Finding the centre -------------------------------------------------------

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def map_url(self):
        """A plain link to OpenStreetMap: the exact spot when known, else a search for the address."""
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=18/{self.latitude}/{self.longitude}"
            )
        query = ", ".join([*self.address_lines, self.postcode])
        return f"https://www.openstreetmap.org/search?query={quote_plus(query)}"

    @property
    def accessibility_features(self):
        """The ticked accessibility boxes, as labels readers understand."""
        labels = [
            (self.step_free_access, _("Step-free access")),
            (self.hearing_loop, _("Hearing loop")),
            (self.accessible_toilet, _("Accessible toilet")),
            (self.parking, _("Parking")),
            (self.quiet_room, _("Quiet room")),
        ]
        return [label for ticked, label in labels if ticked]

    # --- Opening hours --------------------------------------------------------------

    def upcoming_exceptions_queryset(self):
        today = hours.local_now().date()
        return OpeningHoursException.objects.filter(Q(starts_on__gte=today) | Q(ends_on__gte=today)).order_by(
            "starts_on", "opens"
        )

    def prefetch_for_page(self):
        """Load the centre's details (hours, activities, facilities, rooms): none read twice.

        They are read in a fixed number of queries, however much there is, and kept in the
        cache for the day under the current generation (``cms.site_cache.content_version``).
        Publishing, unpublishing, moving or deleting a page, and saving or deleting a picture,
        a facility or any of these details (``HomeConfig.ready``), starts a new generation.
        """
        key = (
            f"patchwork:centre-details:{content_version()}:{self.pk}:{self.live_revision_id}:"
            f"{hours.local_now().date().isoformat()}"
        )
        details = generation_cache().get(key)
        if details is None:
            self.read_details()
            details = {name: self._prefetched_objects_cache[name] for name in CENTRE_DETAILS}
            generation_cache().set(key, details, CENTRE_DETAILS_CACHE_SECONDS)
        else:
            self._prefetched_objects_cache = {**getattr(self, "_prefetched_objects_cache", {}), **details}
        # Renditions are not kept with the details: the first reader draws them after this.
        photos = [photo.image for room in self.rooms.all() for photo in room.photos.all()]
        prefetch_renditions(photos, ROOM_PHOTO_FILTER)

    def read_details(self):
        """Read the centre's details from the database, in one query for each kind."""
        prefetch_related_objects(
            [self],
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch("opening_hours_exceptions", queryset=self.upcoming_exceptions_queryset()),
            Prefetch("activities", queryset=RegularActivity.objects.order_by("weekday", "starts_at", "pk")),
            "facilities",
            Prefetch(
                "rooms",
                queryset=CentreRoom.objects.prefetch_related(
                    Prefetch("photos", queryset=RoomPhoto.objects.select_related("image"))
                ),
            ),
        )

    @cached_property
    def facilities_in_page_language(self):
        """The ticked facilities as readers of this page's language see them.

        The ticks are synchronised from the source page, so a translated centre points at
        the source's facilities: each is shown in the page's language where a translation
        of it exists (one query, only on a translated page), otherwise as it is.
        """
        ticked = list(self.facilities.all())
        if all(facility.locale_id == self.locale_id for facility in ticked):
            return ticked
        translated = {
            facility.translation_key: facility
            for facility in Facility.objects.filter(
                translation_key__in={facility.translation_key for facility in ticked},
                locale_id=self.locale_id,
            )
        }
        return [translated.get(facility.translation_key, facility) for facility in ticked]

    def hours_on(self, day):
        return hours.hours_on(day, self.opening_hours.all(), self.opening_hours_exceptions.all())

    def is_open_at(self, moment):
        return hours.is_open_at(moment, self.opening_hours.all(), self.opening_hours_exceptions.all())

    def upcoming_exceptions(self):
        """Changes to the usual hours that have not ended yet, soonest first."""
        today = hours.local_now().date()
        upcoming = [
            exception for exception in self.opening_hours_exceptions.all() if exception.last_day >= today
        ]
        return sorted(upcoming, key=lambda exception: (exception.starts_on, exception.opens or time.min))

    @cached_property
    def usual_week(self):
        """Monday to Sunday, each with its usual openings (an empty list means closed)."""
        rows = self.opening_hours.all()
        return [
            (name, sorted(hours.Opening(row.opens, row.closes) for row in rows if row.weekday == number))
            for number, name in WEEKDAYS
        ]

    def timetable(self):
        """Regular activities grouped by weekday, Monday first; days with nothing are left out."""
        activities = list(self.activities.all())
        return [
            (name, [activity for activity in activities if activity.weekday == number])
            for number, name in WEEKDAYS
            if any(activity.weekday == number for activity in activities)
        ]

    def get_context(self, request, *args, **kwargs):
        from ..forms import RoomHireEnquiryForm  # the form module imports these models
        from ..schema import centre_json_ld

        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            # A preview holds the editor's unsaved rooms and hours in memory: keep them.
            self.prefetch_for_page()
        # Shared caches keep this page for PUBLIC_CACHE_S_MAXAGE (five minutes by default), so
        # "open now" can be that late in changing: close enough for a community centre's doors.
        now = hours.local_now()
        today = self.hours_on(now.date())
        context.update(
            now=now,
            today=today,
            open_now=today.is_open_at(now.time()),
            closes_at=today.closes_after(now.time()),
            opens_later=today.next_opening_after(now.time()),
            **cached_listings(self, request, self.listings),
            json_ld=centre_json_ld(self, request),
        )
        if "enquiry_form" not in context:
            context["enquiry_form"] = RoomHireEnquiryForm(rooms=self.rooms.all())
        return context

    def listings(self):
        """Its publications, the latest posts below it and the surgeries held here: a query each."""
        return {
            "publications": list(self.get_children().live().public().only("id", "title", "url_path", "path")),
            "latest_posts": list(latest_posts(self, limit=CENTRE_POSTS_LIMIT)),
            "upcoming_surgeries": list(upcoming_surgeries_at(self, limit=CENTRE_SURGERIES_LIMIT)),
        }


class OpeningHours(Orderable):
    """One stretch of a weekday the centre is usually open. Two rows make a lunchtime closure."""

    page = ParentalKey(CommunityCentrePage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=WEEKDAY_CHOICES, help_text=_("The day of the week.")
    )
    opens = models.TimeField(_("opens"), help_text=_("When the doors open, e.g. 09:00."))
    closes = models.TimeField(_("closes"), help_text=_("When the doors close, e.g. 17:00."))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("opening time")
        verbose_name_plural = _("opening hours")

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})


class OpeningHoursException(TranslatableMixin, Orderable):
    """A date, or a run of dates, when the usual hours do not apply.

    Bank holidays, closures for repairs, late openings for an event. Translated with its centre
    (the reason in the page's language, the dates and times kept the same as the source's).
    """

    page = ParentalKey(CommunityCentrePage, on_delete=models.CASCADE, related_name="opening_hours_exceptions")
    starts_on = models.DateField(
        _("starts on"), help_text=_("The first (or only) day the usual hours change.")
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("Optional. The last day, for a closure of several days. Leave empty for one day."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=120,
        help_text=_("What readers are told, e.g. 'Easter Monday' or 'Closed for repairs'."),
    )
    closed = models.BooleanField(
        _("closed"),
        default=True,
        help_text=_("Tick if the centre is closed all day. Untick to give special hours instead."),
    )
    opens = models.TimeField(
        _("opens"), null=True, blank=True, help_text=_("If not closed: when the doors open on these days.")
    )
    closes = models.TimeField(
        _("closes"), null=True, blank=True, help_text=_("If not closed: when the doors close on these days.")
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("reason"),
        FieldPanel("closed"),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("change to the usual hours")
        verbose_name_plural = _("changes to the usual hours")

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    def applies_to(self, day):
        return self.starts_on <= day <= self.last_day

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
        if not self.closed:
            if not self.opens:
                errors["opens"] = _("Give the opening time, or tick 'closed'.")
            if not self.closes:
                errors["closes"] = _("Give the closing time, or tick 'closed'.")
            if self.opens and self.closes and self.closes <= self.opens:
                errors["closes"] = _("The closing time must be after the opening time.")
        if errors:
            raise ValidationError(errors)


class RegularActivity(TranslatableMixin, Orderable):
    """Something that happens at the centre every week: a toddler group, a food pantry, a class.

    Translated with its centre: what it is, who runs it and the details in the page's language,
    the day, times and contact kept the same as the source's.
    """

    page = ParentalKey(CommunityCentrePage, on_delete=models.CASCADE, related_name="activities")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=WEEKDAY_CHOICES, help_text=_("The day it happens each week.")
    )
    starts_at = models.TimeField(_("starts at"), help_text=_("When it starts, e.g. 10:00."))
    ends_at = models.TimeField(_("ends at"), help_text=_("When it finishes, e.g. 12:00."))
    name = models.CharField(
        pgettext_lazy("what something is called", "name"),
        max_length=120,
        help_text=_("What it is, e.g. 'Toddler group' or 'Food pantry'."),
    )
    run_by = models.CharField(
        _("run by"), max_length=120, blank=True, help_text=_("Optional. The group or person who runs it.")
    )
    contact = models.CharField(
        _("contact"),
        max_length=120,
        blank=True,
        help_text=_("Optional. A phone number or email address for questions about it."),
    )
    details = models.CharField(
        _("details"),
        max_length=250,
        blank=True,
        help_text=_(
            "Optional. Anything else people should know, e.g. 'Term time only' or '£2, first session free'."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("run_by"), FieldPanel("contact")]),
        FieldPanel("details"),
    ]

    # A phone number or an email address reads the same in every language.
    override_translatable_fields = [SynchronizedField("contact")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("regular activity")
        verbose_name_plural = _("regular activities")

    def __str__(self):
        return self.name

    @property
    def contact_is_email(self):
        return "@" in self.contact

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The finishing time must be after the start.")})


def hourly_rate_field(verbose_name, help_text):
    """An optional price per hour in pounds; empty means the room is not offered at that rate."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


class CentreRoom(TranslatableMixin, ClusterableModel, Orderable):
    """A room people can hire, with what it holds and what it costs each kind of hirer.

    Translated with its centre: its name and description in the page's language, its size,
    prices and photos kept the same as the source's.
    """

    page = ParentalKey(CommunityCentrePage, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(
        pgettext_lazy("what something is called", "name"),
        max_length=80,
        help_text=_("What the room is called, e.g. 'Main hall'."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Optional. What the room is good for and what is in it, e.g. 'Stage, 20 tables, blackout blinds'."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people the room holds, seated or standing."),
    )
    size_square_metres = models.PositiveIntegerField(
        _("size in square metres"),
        null=True,
        blank=True,
        help_text=_("Optional. The floor area in square metres."),
    )
    rate_resident = hourly_rate_field(
        _("rate for residents"),
        _("Pounds per hour for a local resident, e.g. 15.00. Leave empty if not offered; 0 means free."),
    )
    rate_community = hourly_rate_field(
        _("rate for community groups"),
        _("Pounds per hour for a charity or community group. Leave empty if not offered; 0 means free."),
    )
    rate_business = hourly_rate_field(
        _("rate for businesses"),
        _("Pounds per hour for a business. Leave empty if you do not hire to businesses."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("size_square_metres")]),
        FieldRowPanel(
            [FieldPanel("rate_resident"), FieldPanel("rate_community"), FieldPanel("rate_business")]
        ),
        InlinePanel("photos", label=_("Photo")),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("room")

    def __str__(self):
        return self.name

    def hourly_rates(self):
        """(kind of hirer, pounds per hour) for each kind the room is offered to."""
        rates = [
            (HirerKind.RESIDENT.label, self.rate_resident),
            (HirerKind.COMMUNITY.label, self.rate_community),
            (HirerKind.BUSINESS.label, self.rate_business),
        ]
        return [(label, rate) for label, rate in rates if rate is not None]


class RoomPhoto(Orderable):
    """A photo of a room for hire."""

    room = ParentalKey(CentreRoom, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A photo of the room. Describe what it shows in the image's alternative text."),
    )

    panels = [FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("room photo")
