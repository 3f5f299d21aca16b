"""Social media surgeries: one SurgeryPage per event, with bookings."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from wagtail_localize.fields import SynchronizedField

from cms.models import IntroMixin, SocialMetaMixin


class SurgeryStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Going ahead")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class Role(models.TextChoices):
    """Why someone books: to get help (an attendee) or to give it (a helper).

    The words shown to residents come from the site settings (attendee_label, helper_label).
    """

    ATTEND = "attend", _("Getting help")
    HELP = "help", _("Giving help")


class SurgeryTopic(Orderable):
    """Something people can ask for help with, or offer help with, at a surgery.

    Bookings and help records store the slug, so it is made once from the first name and
    never changes: renaming a topic relabels the records that chose it.
    """

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("What people tick on the booking form, e.g. 'A Facebook page' or 'Staying safe online'."),
    )
    help_text = models.CharField(
        _("explanation"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional. A few words shown after the name to explain it, e.g. 'pages, groups, events'."
        ),
    )
    offered = models.BooleanField(
        _("offer on the forms"),
        default=True,
        help_text=_(
            "Untick to stop offering this topic on the booking form and the help log, without "
            "changing bookings and help already recorded with it."
        ),
    )
    slug = models.SlugField(max_length=100, unique=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("help_text"), FieldPanel("offered")]

    class Meta(Orderable.Meta):
        verbose_name = "surgery topic"

    def __str__(self):
        return self.name

    @property
    def label(self):
        return f"{self.name}: {self.help_text}" if self.help_text else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:90] or "topic"
            self.slug, number = base, 1
            while SurgeryTopic.objects.filter(slug=self.slug).exists():
                number += 1
                self.slug = f"{base}-{number}"
        if self.sort_order is None:
            last = SurgeryTopic.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


class VenuesInPageLanguageIterable(ModelIterable):
    """Surgeries with ``venue_in_page_language`` already worked out, for every one at once."""

    def __iter__(self):
        surgeries = list(super().__iter__())
        set_venues_in_page_language(surgeries)
        yield from surgeries


class SurgeryPageQuerySet(PageQuerySet):
    def with_venues_in_page_language(self):
        """Each translated surgery comes with its centre's translation: one query for a whole
        listing (none when every surgery is in its centre's language). Use with
        ``select_related("venue")``."""
        clone = self._chain()
        clone._iterable_class = VenuesInPageLanguageIterable
        return clone


def set_venues_in_page_language(surgeries):
    """Set ``venue_in_page_language`` on surgeries whose venue is already loaded: one query for
    the translated centres of all the translated surgeries among them."""
    wanted = []
    for surgery in surgeries:
        if "venue_in_page_language" in surgery.__dict__ or not surgery.venue_id:
            continue
        if not SurgeryPage.venue.is_cached(surgery):
            continue  # worked out on first use instead
        if surgery.venue.locale_id == surgery.locale_id:
            surgery.__dict__["venue_in_page_language"] = surgery.venue
        else:
            wanted.append(surgery)
    if not wanted:
        return
    centre_model = type(wanted[0].venue)
    translations = {
        (centre.translation_key, centre.locale_id): centre
        for centre in centre_model.objects.live()
        .filter(
            translation_key__in={surgery.venue.translation_key for surgery in wanted},
            locale_id__in={surgery.locale_id for surgery in wanted},
        )
        .defer_streamfields()
    }
    for surgery in wanted:
        key = (surgery.venue.translation_key, surgery.locale_id)
        surgery.__dict__["venue_in_page_language"] = translations.get(key, surgery.venue)


class SurgeryPage(RoutablePageMixin, IntroMixin, SocialMetaMixin, Page):
    """One drop-in session where volunteers help local people get online."""

    page_description = _(
        "One social media surgery: a drop-in session on a given day where "
        "volunteers help people get online. People book a place on it."
    )

    starts_at = models.DateTimeField(
        _("starts at"), help_text=_("The day and time the surgery starts (UK time).")
    )
    ends_at = models.DateTimeField(_("ends at"), help_text=_("The day and time the surgery ends (UK time)."))
    venue = models.ForeignKey(
        "home.CommunityCentrePage",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surgeries",
        help_text=_("The community centre it is held at. If it is somewhere else, leave this empty."),
    )
    venue_address = models.TextField(
        _("venue address"),
        blank=True,
        help_text=_(
            "Where it is held, if not at one of the community centres on this site: the name of the "
            "building, the street and the postcode, one per line."
        ),
    )
    what_to_bring = models.TextField(
        _("what to bring"),
        blank=True,
        help_text=_("Optional. For example: 'Your phone or laptop, and the passwords for your accounts.'"),
    )
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_(
            "Step-free access, hearing loop, toilets, parking, quiet room: anything that helps people "
            "decide whether they can come."
        ),
    )
    attendee_capacity = models.PositiveSmallIntegerField(
        _("attendee capacity"),
        default=10,
        help_text=_(
            "How many people can book to get help. When it is full, people can join a waiting list "
            "and are offered a place if someone cancels."
        ),
    )
    helper_capacity = models.PositiveSmallIntegerField(
        _("helper capacity"),
        default=5,
        help_text=_("How many volunteers can book to give help. Extra volunteers join a waiting list."),
    )
    bookings_open_at = models.DateTimeField(
        _("bookings open at"),
        null=True,
        blank=True,
        help_text=_("Optional. When people can start booking. Empty means straight away."),
    )
    bookings_close_at = models.DateTimeField(
        _("bookings close at"),
        null=True,
        blank=True,
        help_text=_("Optional. When booking stops. Empty means people can book until the surgery starts."),
    )
    needs_approval = models.BooleanField(
        _("needs approval"),
        default=False,
        help_text=_(
            "Tick this if an organiser checks each booking (for example, that a group is eligible) "
            "before it is confirmed. People are told their booking is waiting for a decision."
        ),
    )
    organisers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_surgeries",
        help_text=_(
            "The people running this surgery. They get a daily email of new bookings and are the only "
            "people (with site administrators) who can see who booked."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SurgeryStatus.choices,
        default=SurgeryStatus.SCHEDULED,
        help_text=_(
            "Change this if the surgery is cancelled or postponed. When you publish the change, "
            "everyone who booked is emailed."
        ),
    )
    status_message = models.TextField(
        _("status message"),
        blank=True,
        help_text=_(
            "Optional. Why it was cancelled or postponed, and what happens next. Shown on the page "
            "and in the email to people who booked."
        ),
    )
    # Kept from the last published version (see with_content_json): calendars use the
    # sequence number, and the details tell what changed at the next publish.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    published_details = models.JSONField(default=dict, editable=False, blank=True)

    parent_page_types = ["home.PlacePage"]
    subpage_types = []
    routed_with = ["venue"]  # read with the page when an address is routed (cms.routing)
    objects = PageManager.from_queryset(SurgeryPageQuerySet)()

    search_kind = "surgeries"  # what site search calls it and the date it shows (search/kinds.py)
    search_date_field = "starts_at"
    # Times, places, capacity and status follow the English surgery; the words about it are translated.
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("venue_address")]
    exclude_fields_in_copy = ["calendar_sequence", "published_details"]
    content_panels = [
        *Page.content_panels,
        FieldPanel(
            "intro",
            help_text=_("What happens at this surgery and who it is for, in a few friendly sentences."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("status"),
                FieldPanel("status_message"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("venue_address")], heading=_("Where")),
        MultiFieldPanel(
            [FieldPanel("what_to_bring"), FieldPanel("accessibility_notes")],
            heading=_("About this surgery"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendee_capacity"),
                FieldPanel("helper_capacity"),
                FieldPanel("bookings_open_at"),
                FieldPanel("bookings_close_at"),
                FieldPanel("needs_approval"),
                FieldPanel("organisers"),
            ],
            heading=_("Bookings"),
        ),
    ]

    class Meta:
        verbose_name = _("surgery")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if (
            self.bookings_open_at
            and self.bookings_close_at
            and self.bookings_close_at <= self.bookings_open_at
        ):
            errors["bookings_close_at"] = _("Booking must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        """Keep the calendar bookkeeping of the live page when a revision is published."""
        obj = super().with_content_json(content)
        obj.calendar_sequence = self.calendar_sequence
        obj.published_details = self.published_details
        return obj

    # --- What residents see ------------------------------------------------------

    @property
    def is_cancelled(self):
        return self.status == SurgeryStatus.CANCELLED

    @property
    def has_ended(self):
        return self.ends_at < timezone.now()

    @cached_property
    def venue_in_page_language(self):
        """The centre it is held at, in this surgery's language where that centre is translated.

        wagtail-localize keeps a translated surgery pointing at the source's centre (a link to a
        page is synchronised, to be localised when shown), so an Urdu surgery names and links the
        Urdu centre when there is one: one query, only for a translated surgery.
        """
        venue = self.venue if self.venue_id else None
        if venue is None or venue.locale_id == self.locale_id:
            return venue
        translated = (
            type(venue)
            .objects.live()
            .filter(translation_key=venue.translation_key, locale_id=self.locale_id)
            .first()
        )
        return translated or venue

    def location_lines(self):
        """The address as lines: the centre's name and address, or the free-text address."""
        venue = self.venue_in_page_language
        if venue:
            lines = [venue.title, *venue.address.splitlines(), venue.postcode]
        else:
            lines = self.venue_address.splitlines()
        return [line.strip() for line in lines if line and line.strip()]

    def location_text(self):
        return ", ".join(self.location_lines())

    def when_text(self):
        """'Wednesday 4 March 2026, 10:00 to 13:00' in UK time."""
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        day = date_format(start, "l j F Y")
        if start.date() == end.date():
            return gettext("%(day)s, %(start)s to %(end)s") % {
                "day": day,
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            }
        return gettext("%(start)s to %(end)s") % {
            "start": f"{day} {start:%H:%M}",
            "end": f"{date_format(end, 'l j F Y')} {end:%H:%M}",
        }

    def capacity_for(self, role):
        return self.helper_capacity if role == Role.HELP else self.attendee_capacity

    def booking_closed_reason(self, now=None):
        """Why nobody can book now, in words for residents; None while booking is open."""
        now = now or timezone.now()
        if self.status == SurgeryStatus.CANCELLED:
            return gettext("This surgery has been cancelled, so it is not taking bookings.")
        if self.status == SurgeryStatus.POSTPONED:
            return gettext(
                "This surgery has been postponed. Bookings will open again when it has a new date."
            )
        if self.starts_at <= now:
            return gettext("This surgery has already started or taken place, so it is not taking bookings.")
        if self.bookings_open_at and now < self.bookings_open_at:
            opens = date_format(timezone.localtime(self.bookings_open_at), "l j F Y, H:i")
            return gettext("Booking for this surgery opens on %(opens)s.") % {"opens": opens}
        if self.bookings_close_at and now >= self.bookings_close_at:
            return gettext("Booking for this surgery has closed.")
        return None

    def calendar_details(self):
        """What a calendar (or a person who booked) cares about: a change raises SEQUENCE."""
        return {
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "status": self.status,
            "location": self.location_text(),
        }

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Site

        from .forms import AttendBookingForm, HelpBookingForm
        from .labels import role_labels
        from .queries import offered_topics, places_taken

        context = super().get_context(request, *args, **kwargs)
        if "attend_form" not in context or "help_form" not in context:
            topics = offered_topics()  # read once for both forms
            context.setdefault("attend_form", AttendBookingForm(prefix=Role.ATTEND, topics=topics))
            context.setdefault("help_form", HelpBookingForm(prefix=Role.HELP, topics=topics))
        taken = places_taken(self)
        context["places_left"] = {
            role: max(self.capacity_for(role) - taken.get(role, 0), 0) for role in (Role.ATTEND, Role.HELP)
        }
        context["booking_closed_reason"] = self.booking_closed_reason()
        context["role_labels"] = role_labels(Site.find_for_request(request), request)
        context["calendar_url"] = (self.get_url(request) or "") + self.reverse_subpage("calendar")
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """This surgery as a calendar file to add to a phone or computer calendar."""
        from .calendars import ics_response

        return ics_response(request, [self], name=self.title, filename=f"{self.slug}.ics")


class BookingStatus(models.TextChoices):
    HELD = "held", _("Held until they confirm their email address")
    PENDING = "pending", _("Waiting for an organiser to approve")
    BOOKED = "booked", _("Booked")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled by the booker")
    DECLINED = "declined", _("Declined by an organiser")
    ATTENDED = "attended", _("Came")
    NO_SHOW = "no_show", _("Did not come")
    RELEASED = "released", _("Released: email address not confirmed in time")


# A place is held by these; the rest free it for the waiting list.
HOLDS_A_PLACE = [
    BookingStatus.HELD,
    BookingStatus.PENDING,
    BookingStatus.BOOKED,
    BookingStatus.ATTENDED,
    BookingStatus.NO_SHOW,
]
# One person (email) has at most one booking per role in these.
ACTIVE_STATUSES = [*HOLDS_A_PLACE, BookingStatus.WAITLISTED]
# Told about changes to the surgery and reminded the day before.
EXPECTED_STATUSES = [
    BookingStatus.HELD,
    BookingStatus.PENDING,
    BookingStatus.BOOKED,
    BookingStatus.WAITLISTED,
]


class OrganisationKind(models.TextChoices):
    CHARITY = "charity", _("Charity")
    COMMUNITY_GROUP = "community_group", _("Community group")
    NEIGHBOURHOOD_WATCH = "neighbourhood_watch", _("Neighbourhood Watch")
    TENANTS = "tenants", _("Tenants' or residents' association")
    CLUB = "club", _("Club or society")
    INDIVIDUAL = "individual", _("Just me")


def new_cancel_token():
    return secrets.token_urlsafe(18)


class _BookingsWithTopicNames(models.query.ModelIterable):
    """Hands every booking the topic names, read once for the whole listing."""

    def __iter__(self):
        names = dict(SurgeryTopic.objects.values_list("slug", "name"))
        for booking in super().__iter__():
            booking.topic_names = names
            yield booking


class BookingQuerySet(models.QuerySet):
    def with_topic_names(self):
        """For listings that show each booking's topics: one query for the names, not one per row."""
        clone = self._chain()
        clone._iterable_class = _BookingsWithTopicNames
        return clone

    def holding_places(self):
        return self.filter(status__in=HOLDS_A_PLACE)

    def waiting(self):
        return self.filter(status=BookingStatus.WAITLISTED).order_by("created_at", "pk")


class Booking(models.Model):
    """Someone coming to a surgery to get help or to give it.

    Personal details (name, email, organisation, free text) are wiped a few months
    after the surgery (see ``delete_surgery_personal_data``); the row stays so the counts remain.
    """

    surgery = models.ForeignKey(
        SurgeryPage, verbose_name=_("surgery"), on_delete=models.CASCADE, related_name="bookings"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True, help_text="Empty for walk-ins who gave none.")
    organisation_name = models.CharField(_("group"), max_length=150, blank=True)
    organisation_kind = models.CharField(
        _("kind of group"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
    topics = models.JSONField(default=list, blank=True)
    other_topic = models.CharField(_("other help wanted"), max_length=200, blank=True)
    can_offer = models.TextField(_("can offer"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    decision_message = models.TextField(_("message about the decision"), blank=True)
    is_walk_in = models.BooleanField(_("walked in"), default=False)
    cancel_token = models.CharField(max_length=40, unique=True, default=new_cancel_token, editable=False)
    created_at = models.DateTimeField(_("booked"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # Which version of the surgery (its calendar SEQUENCE) this person was last told about.
    notified_sequence = models.PositiveIntegerField(default=0)
    # A first-time booker's seat is held until this moment unless they confirm their
    # email address (see bookings.hold_duration); then it goes to the waiting list.
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_queued_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language they booked in: every email they get is written in it.",
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["surgery", "role", "email"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="surgeries_one_active_booking_per_email",
            )
        ]
        indexes = [models.Index(fields=["surgery", "role", "status"], name="surgeries_booking_counts")]

    def __str__(self):
        return f"{self.name or 'Someone'} ({self.get_role_display()}, {self.get_status_display()})"

    def topic_labels(self):
        """The names of the topics chosen, in the order chosen."""
        from .queries import topic_labels

        names = getattr(self, "topic_names", None)
        if names is None:
            names = dict(SurgeryTopic.objects.filter(slug__in=self.topics).values_list("slug", "name"))
        return topic_labels(self.topics, names)

    def waiting_list_position(self):
        """1 for the first person on the waiting list; None when not waiting."""
        if self.status != BookingStatus.WAITLISTED:
            return None
        ahead = Booking.objects.filter(surgery_id=self.surgery_id, role=self.role, status=self.status).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    def hold_time_text(self, now=None):
        """How long is left to confirm, in words: "2 hours", "1 hour 30 minutes", "10 minutes"."""
        if not self.hold_expires_at:
            return ""
        minutes = max(round((self.hold_expires_at - (now or timezone.now())).total_seconds() / 60), 1)
        hours, minutes = divmod(minutes, 60)
        parts = []
        if hours:
            parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
        if minutes:
            parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
        return " ".join(parts)

    def hold_deadline_text(self):
        """When the hold ends, in UK time: "14:30 on Monday 30 November"."""
        if not self.hold_expires_at:
            return ""
        moment = timezone.localtime(self.hold_expires_at)
        return gettext("%(time)s on %(day)s") % {
            "time": f"{moment:%H:%M}",
            "day": date_format(moment, "l j F"),
        }

    def set_status(self, status, message=None):
        self.status = status
        self.status_changed_at = timezone.now()
        if message is not None:
            self.decision_message = message


class BookingTally(models.Model):
    """How many bookings a surgery has of each role, status and walk-in or not: the impact report
    adds these up instead of reading every booking (``queries.booking_months``).

    On PostgreSQL the database keeps it, in the same transaction as every change to the bookings
    (statement triggers made by migration 0012_booking_tally, so ``bulk_create`` and ``update`` count too);
    nothing in Python writes it. Elsewhere it stays empty and the report counts the bookings.
    """

    surgery = models.ForeignKey(SurgeryPage, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    is_walk_in = models.BooleanField()
    bookings = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["surgery", "role", "status", "is_walk_in"], name="surgeries_one_tally_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.surgery_id} {self.role} {self.status} {self.is_walk_in}: {self.bookings}"


class ConfirmedBookerAddress(models.Model):
    """An email address that has once confirmed a booking, so its later bookings are instant.

    Only a keyed hash of the address is kept (see bookings.address_digest): enough to
    recognise it when it books again, nothing to read back or mail, so it can outlive
    the bookings' own personal details.
    """

    address_digest = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Confirmed address ({self.confirmed_at:%Y-%m-%d})"


class OrganiserDigest(models.Model):
    """One daily email of new bookings to one organiser: the row makes sending it once a day certain."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    booking_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="surgeries_one_digest_a_day")]

    def __str__(self):
        return f"Digest for {self.user} on {self.day}"

    def covers_since(self):
        """Bookings made after the previous digest belong in this one (all of them, the first time)."""
        previous = (
            OrganiserDigest.objects.filter(user_id=self.user_id, day__lt=self.day).order_by("-day").first()
        )
        return previous.created_at if previous else None


class NetworkHelperQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=NetworkHelper.Status.CONFIRMED)


class NetworkHelper(models.Model):
    """Someone who offers to help at surgeries in the towns they choose, registered once for the network.

    The towns are the home pages of the towns (the page tree is the geography), so this app
    needs to know nothing about the app that defines towns: the form offers them, and an
    organiser sees the helpers who chose a page they may edit. Each registration is its own row
    and counts only once its owner confirms the email address (double opt-in); confirming drops
    that address's earlier confirmed registration, so the latest choice of towns stands.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for them to confirm their email address")
        CONFIRMED = "confirmed", _("Confirmed")

    name = models.CharField(max_length=100)
    email = models.EmailField()
    can_offer = models.TextField(max_length=1000, help_text="What they said they can help with.")
    towns = models.ManyToManyField(
        "wagtailcore.Page", related_name="+", help_text="The home pages of the towns they will help in."
    )
    writing_town = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The town whose website emails them: its host in the links, its sender address.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language they registered in: their emails are written in it.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = NetworkHelperQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "status"], name="surgeries_network_helper_email")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"
