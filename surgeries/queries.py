"""Listings of surgeries that other apps show (what's on in a place or at a centre), and counts.

Upcoming listings include cancelled and postponed surgeries, marked as such, until
they have ended: someone who saw the date should find out it is off. The past
archive only shows surgeries that went ahead.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Length, Substr, TruncMonth
from django.utils import timezone

from wagtail.models import Page

from cms.site_cache import kept_for_generation

from .models import (
    HOLDS_A_PLACE,
    Booking,
    BookingStatus,
    BookingTally,
    Role,
    SurgeryPage,
    SurgeryStatus,
    SurgeryTopic,
)


def _listed(queryset):
    """The columns a card needs, with the venue, in one query (and one more for the centres'
    translations when some of the surgeries are translated)."""
    return (
        queryset.live().public().select_related("venue").defer_streamfields().with_venues_in_page_language()
    )


def upcoming_surgeries_below(root_page):
    """Every live, public surgery below ``root_page`` that has not ended, soonest first (unsliced)."""
    return _listed(
        SurgeryPage.objects.descendant_of(root_page).filter(
            ends_at__gte=timezone.now(), locale_id=root_page.locale_id
        )
    ).order_by("starts_at", "pk")


def upcoming_surgeries_under(root_paths, *, starts_from=None, starts_before=None):
    """Live, public surgeries still to come below any of the tree paths ``root_paths``, soonest first.

    For a view across several towns (each a subtree): one query whatever the number of towns.
    ``starts_from`` / ``starts_before`` (aware datetimes) narrow it to a span of days. Unsliced.
    """
    if not root_paths:
        return SurgeryPage.objects.none()
    within = Q()
    for path in root_paths:
        within |= Q(path__startswith=path)
    surgeries = SurgeryPage.objects.filter(within, ends_at__gte=timezone.now())
    if starts_from is not None:
        surgeries = surgeries.filter(starts_at__gte=starts_from)
    if starts_before is not None:
        surgeries = surgeries.filter(starts_at__lt=starts_before)
    return _listed(surgeries).order_by("starts_at", "pk")


def past_surgeries_below(root_page):
    """Surgeries below ``root_page`` that went ahead and have ended, latest first (unsliced)."""
    return _listed(
        SurgeryPage.objects.descendant_of(root_page).filter(
            ends_at__lt=timezone.now(), locale_id=root_page.locale_id, status=SurgeryStatus.SCHEDULED
        )
    ).order_by("-starts_at", "-pk")


def calendar_feed_surgeries_below(root_page):
    """Surgeries below ``root_page`` for a subscribed calendar, oldest first (unsliced).

    Everything still to come, plus those that ended in the last
    ``SURGERY_FEED_PAST_DAYS`` days: a calendar app deletes events that vanish
    from a feed, and people look back at a surgery they went to.
    """
    since = timezone.now() - timedelta(days=settings.SURGERY_FEED_PAST_DAYS)
    return _listed(
        SurgeryPage.objects.descendant_of(root_page).filter(ends_at__gte=since, locale_id=root_page.locale_id)
    ).order_by("starts_at", "pk")


def upcoming_surgeries(root_page, limit=5):
    """Live, public surgeries below ``root_page`` that have not ended, soonest first."""
    return upcoming_surgeries_below(root_page)[:limit]


def upcoming_surgeries_at(venue, limit=5):
    """Live, public surgeries held at a community centre that have not ended, soonest first.

    Those in the centre page's language: a translated surgery still points at the source's
    centre (wagtail-localize synchronises links to pages), so any translation of it matches.
    """
    return (
        SurgeryPage.objects.live()
        .public()
        .filter(
            venue__translation_key=venue.translation_key,
            locale_id=venue.locale_id,
            ends_at__gte=timezone.now(),
        )
        .defer_streamfields()
        .order_by("starts_at", "pk")[:limit]
    )


def places_taken(surgery):
    """{role: number of places held} for one surgery, in one query (none for an unsaved preview).

    A hold that has run out is left out even before the scheduler releases it:
    the next booking releases it first, so its place is free to book.
    """
    if surgery.pk is None:
        return {}
    run_out = Q(status=BookingStatus.HELD, hold_expires_at__lte=timezone.now())
    rows = (
        Booking.objects.filter(surgery=surgery, status__in=HOLDS_A_PLACE)
        .exclude(run_out)
        .values("role")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["role"]: row["count"] for row in rows}


def booking_counts(surgery):
    """{(role, status): count} for the organisers' summary, in one query."""
    rows = (
        Booking.objects.filter(surgery=surgery)
        .values("role", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["role"], row["status"]): row["count"] for row in rows}


def offered_topics():
    """The topics people may choose on the booking forms and the help log, in the editors' order.

    Kept under the cache generation, which saving or deleting a topic renews (surgeries/signals.py).
    """
    return kept_for_generation(
        "surgeries:offered-topics", lambda: list(SurgeryTopic.objects.filter(offered=True))
    )


def topic_choices(topics=None):
    """(slug, label) pairs for a form's tick boxes; pass ``offered_topics()`` to share one query."""
    return [(topic.slug, topic.label) for topic in (offered_topics() if topics is None else topics)]


def topic_names():
    """{slug: name} for every topic, offered or not, to name what stored records chose."""
    return dict(SurgeryTopic.objects.values_list("slug", "name"))


def topic_labels(slugs, names=None):
    """The names of the topics a booking or help record chose, in the order chosen.

    A topic deleted since is shown by the slug stored, so nothing chosen silently
    drops out of a record. Pass ``names`` (``topic_names()``) when labelling many records.
    """
    names = topic_names() if names is None else names
    return [names.get(slug, slug) for slug in slugs or []]


# A single right-pointing angle quotation mark between the names of a page and the places above it.
TITLE_PATH_SEPARATOR = " \u203a "


def surgeries_for_the_help_log(root_page=None):
    """Surgeries a helper may record help at (below ``root_page`` if given), latest first, in one query.

    Each comes with its venue and, as ``place_id`` and ``place_title``, the place it is held in:
    the page it sits under (surgeries may only be added under a place).
    """
    parent = Page.objects.filter(path=OuterRef("parent_path"))
    surgeries = (
        SurgeryPage.objects.all() if root_page is None else SurgeryPage.objects.descendant_of(root_page)
    )
    return (
        surgeries.defer_streamfields()
        .select_related("venue")
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .annotate(
            place_id=Subquery(parent.values("pk")[:1]),
            place_title=Subquery(parent.values("title")[:1]),
        )
        .order_by("-starts_at", "-pk")
    )


def surgery_places(root_page=None):
    """Live places (towns and neighbourhoods: the pages surgeries are held under), in tree order."""
    places = Page.objects.live().type(*SurgeryPage.allowed_parent_page_models())
    if root_page is not None:
        places = places.descendant_of(root_page)
    return places.order_by("path")


def titles_above(pages):
    """{page pk: "Test Town, Kingstanding, Kingstanding Estate" joined by arrows}: title paths, in one query.

    The tree's invisible root is left out, so helpers see only the names of real pages.
    """
    pages = list(pages)
    steplen = Page.steplen
    ancestor_paths = {
        page.path[:end] for page in pages for end in range(2 * steplen, len(page.path) + 1, steplen)
    }
    titles = dict(Page.objects.filter(path__in=ancestor_paths).values_list("path", "title"))
    return {
        page.pk: TITLE_PATH_SEPARATOR.join(
            titles.get(page.path[:end], "") for end in range(2 * steplen, len(page.path) + 1, steplen)
        )
        for page in pages
    }


def personal_data_for_email(email):
    """Every booking made with ``email`` (any case), for a subject access request, as plain dicts.

    The cancel link's token is left out: it is a key, not information about the person.
    Bookings whose details were already deleted no longer hold the address, so they are not found.
    """
    from .bookings import address_confirmed

    names = topic_names()
    bookings = (
        Booking.objects.filter(email__iexact=email.strip())
        .select_related("surgery")
        .order_by("created_at", "pk")
    )
    rows = [
        {
            "surgery": booking.surgery.title,
            "surgery_starts_at": booking.surgery.starts_at,
            "role": booking.get_role_display(),
            "status": booking.get_status_display(),
            "name": booking.name,
            "email": booking.email,
            "organisation_name": booking.organisation_name,
            "organisation_kind": booking.get_organisation_kind_display(),
            "topics": topic_labels(booking.topics, names),
            "other_topic": booking.other_topic,
            "can_offer": booking.can_offer,
            "message_from_organisers": booking.decision_message,
            "walk_in": booking.is_walk_in,
            "booked_at": booking.created_at,
            "status_changed_at": booking.status_changed_at,
            "email_confirmed_at": booking.email_confirmed_at,
            "reminder_sent_at": booking.reminder_sent_at,
        }
        for booking in bookings
    ]
    return {"bookings": rows, "address_confirmed_for_instant_booking": address_confirmed(email)}


# --- Impact: what surgeries below a place did, as grouped database aggregates ---------------


def _held(prefix="", root_path=None, surgery_id=None, start=None, end=None):
    """What ``held_surgeries`` asks of a surgery, as a Q on the surgery ``prefix`` leads to
    ("" for surgeries themselves, "surgery__" for bookings), so a booking query joins it once."""
    held = Q(
        **{
            f"{prefix}live": True,
            f"{prefix}status": SurgeryStatus.SCHEDULED,
            f"{prefix}ends_at__lt": timezone.now(),
        }
    )
    if root_path:
        held &= Q(**{f"{prefix}path__startswith": root_path})
    if surgery_id:
        held &= Q(**{f"{prefix}pk": surgery_id})
    if start:
        held &= Q(**{f"{prefix}starts_at__date__gte": start})
    if end:
        held &= Q(**{f"{prefix}starts_at__date__lte": end})
    return held


def held_surgeries(root_path=None, surgery_id=None, start=None, end=None):
    """Live surgeries that went ahead and have ended: below the tree path ``root_path`` (a place
    includes the places under it), one surgery, and starting between the dates ``start`` and ``end``."""
    return SurgeryPage.objects.filter(_held("", root_path, surgery_id, start, end)).order_by()


# A helper who held a place at a surgery that went ahead and was not marked as missing.
HELPER_CAME = Q(role=Role.HELP, status__in=[BookingStatus.BOOKED, BookingStatus.ATTENDED])
BOOKING_FIGURES = ("booked", "attended", "walk_ins", "no_shows", "helpers")


def booking_months(root_path=None, surgery_id=None, start=None, end=None):
    """{first day of month: {booked, attended, walk_ins, no_shows, helpers, helper_time}} for the
    bookings at the surgeries ``held_surgeries`` gives for the same arguments: one grouped query,
    joined to each surgery once. Totals are the months added up.

    On PostgreSQL it adds up ``BookingTally`` (a few rows per surgery, kept by the database with
    every booking change) rather than reading every booking; elsewhere it counts the bookings.
    Booked counts people who booked ahead and kept a place; attended counts everyone who
    came, walk-ins included. Helper time is each helper's surgery length, added up.
    """
    if connection.vendor == "postgresql":
        rows = BookingTally.objects.all()
        length = F("bookings") * (F("surgery__ends_at") - F("surgery__starts_at"))

        def counted(condition):
            return Coalesce(Sum("bookings", filter=condition), 0)

    else:
        rows = Booking.objects.all()
        length = F("surgery__ends_at") - F("surgery__starts_at")

        def counted(condition):
            return Count("pk", filter=condition)

    attend = Q(role=Role.ATTEND)
    rows = (
        rows.filter(_held("surgery__", root_path, surgery_id, start, end))
        .annotate(month=TruncMonth("surgery__starts_at", output_field=DateField()))
        .values("month")
        .annotate(
            booked=counted(attend & Q(is_walk_in=False, status__in=HOLDS_A_PLACE)),
            attended=counted(attend & Q(status=BookingStatus.ATTENDED)),
            walk_ins=counted(attend & Q(is_walk_in=True)),
            no_shows=counted(attend & Q(status=BookingStatus.NO_SHOW)),
            helpers=counted(HELPER_CAME),
            helper_time=Sum(ExpressionWrapper(length, output_field=DurationField()), filter=HELPER_CAME),
        )
        .order_by()
    )
    return {_day(row.pop("month")): row for row in rows}


def surgeries_held_count(surgeries):
    """Surgeries held (a surgery and its translations count once)."""
    return surgeries.aggregate(n=Count("translation_key", distinct=True))["n"]


def held_months(surgeries):
    """{first day of month: surgeries held}: one grouped query (translations count once)."""
    held = (
        surgeries.annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("translation_key", distinct=True))
        .order_by()
    )
    return {_day(row["month"]): row["n"] for row in held}


def _day(value):
    return value.date() if hasattr(value, "date") else value


def surgery_months_by_place(root_path):
    """Rows of (parent path, month, surgeries listed, surgeries held) for live surgeries below
    ``root_path``: one grouped query, for the before-and-after figures of every place at once."""
    return list(
        SurgeryPage.objects.filter(live=True, path__startswith=root_path)
        .annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen),
            month=TruncMonth("starts_at", output_field=DateField()),
        )
        .values("parent_path", "month")
        .annotate(
            listed=Count("translation_key", distinct=True),
            held=Count(
                "translation_key",
                distinct=True,
                filter=Q(status=SurgeryStatus.SCHEDULED, ends_at__lt=timezone.now()),
            ),
            first_held=Min("starts_at", filter=Q(status=SurgeryStatus.SCHEDULED, ends_at__lt=timezone.now())),
        )
        .order_by()
    )


def organiser_permissions():
    """The booking permissions a town's organisers get (which bookings they see is the policy's call)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Booking),
        codename__in=["view_booking", "change_booking"],
    )
