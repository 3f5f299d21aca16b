"""What surgeries changed, for organisers and funders: every figure from the site's own records.

Nothing here is typed in. Bookings and surgeries come from ``surgeries.queries``, posts from
``newsletters.queries``, subscribers from ``subscriptions.queries``, and the help log and its
follow-ups are this app's own. Each figure is a database aggregate (or a grouped query combined
here), so the number of queries is the same for one surgery or two thousand.
"""

import datetime
from collections import Counter
from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, DateField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy, pgettext

from wagtail.models import Page

from cms.admin_viewsets import tree_scope
from cms.widgets import LongSelect
from newsletters.queries import has_post_since, live_posts_under, post_months_by_publication
from subscriptions.queries import confirmed_subscribers_since_count, subscriber_months_by_publication
from surgeries.queries import (
    BOOKING_FIGURES,
    booking_months,
    held_months,
    held_surgeries,
    surgeries_held_count,
    surgery_months_by_place,
    surgery_places,
    titles_above,
    topic_names,
)

from .models import HelpRecord
from .queries import SubqueryCount

# A publication is still active while it has a live post dated within this many days.
ACTIVE_DAYS = 90
# The before-and-after figures of a place compare this many months either side of its first surgery.
SHIFT_MONTHS = 6
# The longest date range a report may cover, so a typing slip cannot ask for a thousand years.
MOST_MONTHS = 120


def _interpolate(text, values):
    return str(text) % values


# A label with a number in it, put together in the language of the request that shows it.
interpolate_lazy = lazy(_interpolate, str)

FIGURES = [
    ("surgeries_held", gettext_lazy("Surgeries held")),
    ("booked", gettext_lazy("People who booked")),
    ("attended", gettext_lazy("People who came (walk-ins included)")),
    ("walk_ins", gettext_lazy("Walk-ins")),
    ("no_shows", gettext_lazy("No-shows")),
    ("helpers", gettext_lazy("Helper places filled")),
    ("helper_hours", gettext_lazy("Helper hours")),
    ("help_given", gettext_lazy("Help log entries")),
    ("newcomers_set_up", gettext_lazy("Newcomers set up with an account")),
    ("publications_started", gettext_lazy("Publications started")),
    (
        "publications_active",
        interpolate_lazy(
            ngettext_lazy(
                "Publications still active (a post in the last %(days)d day)",
                "Publications still active (a post in the last %(days)d days)",
                ACTIVE_DAYS,
            ),
            {"days": ACTIVE_DAYS},
        ),
    ),
    ("posts_since_help", gettext_lazy("Posts published since the help")),
    ("subscribers_gained", gettext_lazy("Subscribers gained since the help")),
    ("follow_ups", gettext_lazy("Follow-ups recorded")),
]

SHIFT_FIGURES = [
    ("publications", gettext_lazy("Active local publications")),
    ("posts_per_month", gettext_lazy("Posts per month")),
    ("subscribers", gettext_lazy("Subscribers")),
    ("events", gettext_lazy("Events listed")),
]


class ImpactFilterForm(forms.Form):
    """Which part of the network a report covers. Every field is optional: empty means everything."""

    place = forms.ChoiceField(
        required=False, help_text=gettext_lazy("A place includes every place under it."), widget=LongSelect
    )
    surgery = forms.ChoiceField(required=False, widget=LongSelect)  # thousands on a big network
    start = forms.DateField(
        required=False,
        label=gettext_lazy("From"),
        help_text=interpolate_lazy(gettext_lazy("e.g. %(date)s"), {"date": "2026-01-01"}),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        required=False,
        label=gettext_lazy("To"),
        help_text=interpolate_lazy(gettext_lazy("e.g. %(date)s"), {"date": "2026-12-31"}),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A town's organisers see their own part of the tree only (``tree_scope``): its places,
        # its surgeries, and their town as the whole when no place is chosen.
        self.tops = tree_scope(user) if user is not None else None
        places = surgery_places()
        surgeries = held_surgeries()
        if self.tops is not None:
            within = reduce(or_, (Q(path__startswith=top.path) for top in self.tops))
            places, surgeries = places.filter(within), surgeries.filter(within)
        places = list(places)
        if self.tops is not None:  # each part of the tree they look after can be chosen as a whole
            places = sorted({*places, *self.tops[1:]}, key=lambda page: page.path)
        names = titles_above(places)
        self.places = {str(place.pk): place for place in places}
        whole = gettext("The whole network") if self.tops is None else self.tops[0].title
        self.fields["place"].choices = [("", whole)] + [(str(place.pk), names[place.pk]) for place in places]
        surgeries = surgeries.order_by("-starts_at").values_list("pk", "title")
        self.fields["surgery"].choices = [("", gettext("Every surgery"))] + [
            (str(pk), title) for pk, title in surgeries
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(gettext("The 'From' date must be on or before the 'To' date."))
        if start and end and (end - start).days > MOST_MONTHS * 31:
            raise ValidationError(
                gettext("Choose a range of at most %(years)d years.") % {"years": MOST_MONTHS // 12}
            )
        return data

    def report_filter(self):
        data = self.cleaned_data
        place = self.places.get(data.get("place") or "")
        if place is None and self.tops:
            place = self.tops[0]  # their town (the first of their parts of the tree, if several)
        return {
            "place": place,
            "root_path": place.path if place else "",
            "surgery_id": int(data["surgery"]) if data.get("surgery") else None,
            "start": data.get("start"),
            "end": data.get("end"),
        }


def _help_records(report_filter):
    """Help-log entries in the filter: at a surgery in the place, or (away from a surgery) for a
    publication in the place; given between the dates."""
    records = HelpRecord.objects.order_by()
    if report_filter["root_path"]:
        path = report_filter["root_path"]
        records = records.filter(
            Q(surgery__path__startswith=path) | Q(surgery__isnull=True, publication__path__startswith=path)
        )
    if report_filter["surgery_id"]:
        records = records.filter(surgery_id=report_filter["surgery_id"])
    if report_filter["start"]:
        records = records.filter(created_at__date__gte=report_filter["start"])
    if report_filter["end"]:
        records = records.filter(created_at__date__lte=report_filter["end"])
    return records


def _help_figures(records, report_filter, today):
    """Help given, newcomers, follow-ups, publications started and active, posts and subscribers
    since: three queries.

    Follow-ups count those of the entries in the filter, themselves dated within its dates. The
    per-publication subqueries run only for entries that set a publication up, which are few
    beside the whole log.
    """
    follow_ups = Q()
    if report_filter["start"]:
        follow_ups &= Q(follow_ups__date__gte=report_filter["start"])
    if report_filter["end"]:
        follow_ups &= Q(follow_ups__date__lte=report_filter["end"])
    figures = records.aggregate(
        help_given=Count("pk", distinct=True),
        newcomers_set_up=Count("newcomer", distinct=True),
        follow_ups=Count("follow_ups", filter=follow_ups),
    )
    posts_since = live_posts_under("publication").filter(first_published_at__gte=OuterRef("created_at"))
    figures |= (
        records.filter(publication__isnull=False)
        .annotate(
            posts_since=Coalesce(Subquery(posts_since.annotate(n=SubqueryCount()).values("n")[:1]), 0),
            active=has_post_since("publication", today - datetime.timedelta(days=ACTIVE_DAYS)),
        )
        .aggregate(
            publications_started=Count("publication", distinct=True),
            publications_active=Count("publication", distinct=True, filter=Q(active=True)),
            posts_since_help=Sum("posts_since"),
        )
    )
    figures |= records.filter(publication__isnull=False).aggregate(
        subscribers_gained=confirmed_subscribers_since_count("publication", "created_at")
    )
    figures["posts_since_help"] = figures["posts_since_help"] or 0
    figures["subscribers_gained"] = figures["subscribers_gained"] or 0
    return figures


def _topic_counts(records):
    """[(topic name, entries)] most first: one grouped query on PostgreSQL, one plain query elsewhere."""
    names = topic_names()
    if connection.vendor == "postgresql":
        # The entries' own query, unpacked in place (not "id IN" it, which reads the log twice).
        sql, params = records.values("topics").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT topic, COUNT(*) FROM ({sql}) AS r, "  # noqa: S608 - Django-built SQL
                "jsonb_array_elements_text(r.topics) AS topic GROUP BY topic",
                params,
            )
            counts = Counter(dict(cursor.fetchall()))
    else:
        counts = Counter(
            topic for topics in records.values_list("topics", flat=True) for topic in topics or []
        )
    return sorted(
        ((names.get(slug, slug), n) for slug, n in counts.items()), key=lambda row: (-row[1], row[0])
    )


def _month_range(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + year, month + 1, 1)


def _monthly(surgeries, bookings, records, report_filter, today):
    """Month by month: surgeries held, people who came (from ``bookings``, ``booking_months``) and
    help given (two grouped queries)."""
    months = {month: {"surgeries": n} for month, n in held_months(surgeries).items()}
    for month, row in bookings.items():
        months.setdefault(month, {})["attended"] = row["attended"]
    for row in (
        records.annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
    ):
        months.setdefault(_day(row["month"]), {})["help"] = row["n"]
    if not months:
        return []
    first = report_filter["start"] or min(months)
    last = report_filter["end"] or max(max(months), today)
    if (last.year - first.year) * 12 + last.month - first.month > MOST_MONTHS:
        first = _add_months(last, -MOST_MONTHS)
    return [
        {
            "month": month,
            "surgeries": months.get(month, {}).get("surgeries", 0),
            "attended": months.get(month, {}).get("attended", 0),
            "help": months.get(month, {}).get("help", 0),
        }
        for month in _month_range(first, last)
    ]


def _by_place(rows, key, places):
    """{place path: the rows whose ``key`` path is at or below it}: each row filed under every
    place above it in one pass, rather than every place looking through every row."""
    steplen = Page.steplen
    buckets = {place.path: [] for place in places}
    for row in rows:
        path = row[key]
        for end in range(steplen, len(path) + 1, steplen):
            bucket = buckets.get(path[:end])
            if bucket is not None:
                bucket.append(row)
    return buckets


def place_shift(report_filter, today):
    """Per place: the six months before its first surgery and the six from it (fewer if not passed yet).

    Four grouped queries for every place at once: places, surgeries, posts and subscribers
    by month. A place that has had no surgery yet has no "before" and is left out.
    """
    root = report_filter["root_path"]
    places = list(surgery_places().filter(path__startswith=root) if root else surgery_places())
    surgeries = _by_place(surgery_months_by_place(root), "parent_path", places)
    posts = _by_place(post_months_by_publication(root), "publication_path", places)
    subscribers = _by_place(subscriber_months_by_publication(root), "publication_path", places)
    rows = []
    for place in places:
        mine = surgeries[place.path]
        firsts = [row["first_held"] for row in mine if row["first_held"]]
        if not firsts:
            continue
        first = timezone.localtime(min(firsts)).date()
        start = first.replace(day=1)
        before = (_add_months(start, -SHIFT_MONTHS), start)
        after_end = min(_add_months(start, SHIFT_MONTHS), _add_months(today.replace(day=1), 1))
        after = (start, after_end)
        months_after = max(1, (after_end.year - start.year) * 12 + after_end.month - start.month)

        def in_window(month, window):
            month = month.date() if isinstance(month, datetime.datetime) else month
            return window[0] <= month < window[1]

        my_posts, my_subscribers = posts[place.path], subscribers[place.path]
        figures = {}
        for name, window, months in (("before", before, SHIFT_MONTHS), ("after", after, months_after)):
            post_count = sum(row["posts"] for row in my_posts if in_window(row["month"], window))
            figures[name] = {
                "publications": len(
                    {row["publication_path"] for row in my_posts if in_window(row["month"], window)}
                ),
                "posts_per_month": round(post_count / months, 1),
                "subscribers": sum(
                    row["subscribers"] for row in my_subscribers if _day(row["month"]) < window[1]
                ),
                "events": sum(row["listed"] for row in mine if in_window(row["month"], window)),
            }
        rows.append(
            {
                "place": place.title,
                "place_id": place.pk,
                "first_surgery": first,
                "months_after": months_after,
                "before": figures["before"],
                "after": figures["after"],
            }
        )
    return rows


def _day(value):
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


def impact_report(report_filter, today=None):
    """Every figure for the filter, as plain data the page, the CSV and the JSON all show."""
    today = today or timezone.localdate()
    chosen = (
        report_filter["root_path"],
        report_filter["surgery_id"],
        report_filter["start"],
        report_filter["end"],
    )
    surgeries = held_surgeries(*chosen)
    bookings = booking_months(*chosen)
    records = _help_records(report_filter)
    figures = {"surgeries_held": surgeries_held_count(surgeries)}
    figures.update({key: sum(row[key] for row in bookings.values()) for key in BOOKING_FIGURES})
    helper_time = sum(
        (row["helper_time"] for row in bookings.values() if row["helper_time"]), datetime.timedelta()
    )
    figures["helper_hours"] = round(helper_time.total_seconds() / 3600, 1) if helper_time else 0
    figures.update(_help_figures(records, report_filter, today))
    return {
        "figures": figures,
        "months": _monthly(surgeries, bookings, records, report_filter, today),
        "topics": _topic_counts(records),
        "places": place_shift(report_filter, today),
    }


def filter_description(report_filter, surgery_title=""):
    parts = [report_filter["place"].title if report_filter["place"] else gettext("the whole network")]
    if surgery_title:
        parts.append(surgery_title)
    if report_filter["start"] or report_filter["end"]:
        start = report_filter["start"].isoformat() if report_filter["start"] else gettext("the start")
        end = report_filter["end"].isoformat() if report_filter["end"] else gettext("today")
        parts.append(gettext("%(start)s to %(end)s") % {"start": start, "end": end})
    return pgettext("between the parts of a list", ", ").join(parts)
