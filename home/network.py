"""Every town's surgeries in one place: the network page and its RSS, Atom and iCalendar feeds.

What the network shows is this app's job: it knows the towns (``home.queries.towns``) and asks
``surgeries.queries`` for the surgeries below their home pages in one query. Readers narrow it
with plain GET fields (a town, a span of days) and may order the towns by distance from a chosen
town or from a position they give; a small script (static/js/near_me.js) can fill that position
from the browser, only when the reader asks. Nothing is looked up anywhere else, and the page
sets no cookie, so it is cached like other public pages, for a few minutes only because a newly
published surgery does not purge it.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from surgeries.calendars import ics_response
from surgeries.queries import upcoming_surgeries_under

from .queries import town_of, towns

# How long browsers and front caches may keep the page and feeds: publishing a surgery
# does not purge them, so a new one shows up within this time.
NETWORK_CACHE_SECONDS = 5 * 60
PAGE_LIMIT = 300
FEED_LIMIT = 200
EARTH_RADIUS_KM = 6371.0


class NetworkFilterForm(forms.Form):
    """The GET fields of the network page and feeds; every one optional."""

    town = forms.ChoiceField(label=gettext_lazy("Town"), required=False)
    starts_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    near = forms.ChoiceField(label=gettext_lazy("Nearest to"), required=False)
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )

    def __init__(self, *args, town_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.town_list = list(town_list)
        self.fields["town"].choices = [("", gettext("Every town"))] + [
            (t.slug, t.name) for t in self.town_list
        ]
        self.fields["near"].choices = [("", gettext("No town chosen"))] + [
            (t.slug, t.name) for t in self.town_list if t.latitude is not None
        ]

    def clean(self):
        data = super().clean()
        starts_from, starts_until = data.get("starts_from"), data.get("starts_until")
        if starts_from and starts_until and starts_until < starts_from:
            self.add_error("starts_until", gettext("The end date must be on or after the start date."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", gettext("Give both latitude and longitude, or neither."))
        return data

    def origin(self):
        """(latitude, longitude) to measure from: the reader's position, else the chosen town's; or None."""
        data = self.cleaned_data
        if data.get("latitude") is not None and data.get("longitude") is not None:
            return data["latitude"], data["longitude"]
        chosen = next((t for t in self.town_list if t.slug == data.get("near")), None)
        if chosen is not None and chosen.latitude is not None:
            return float(chosen.latitude), float(chosen.longitude)
        return None


def distance_km(origin, town):
    """Great-circle distance from ``origin`` to the town's map position, or None when it has none."""
    if origin is None or town.latitude is None or town.longitude is None:
        return None
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = math.radians(float(town.latitude)), math.radians(float(town.longitude))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class TownGroup:
    """One town's heading on the network page, with its surgeries in date order."""

    town: object
    distance_km: float | None = None
    surgeries: list = field(default_factory=list)

    @property
    def rounded_distance(self):
        return None if self.distance_km is None else round(self.distance_km)


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def network_surgeries(form, limit):
    """(groups, surgeries) for a valid ``form``: towns in reading order, and every surgery in date order."""
    data = form.cleaned_data
    chosen = [t for t in form.town_list if not data.get("town") or t.slug == data["town"]]
    until = data.get("starts_until")
    surgeries = list(
        upcoming_surgeries_under(
            [t.root_path for t in chosen],
            starts_from=day_start(data.get("starts_from")),
            starts_before=day_start(until + timedelta(days=1)) if until else None,
        )[:limit]
    )
    origin = form.origin()
    groups = {t.pk: TownGroup(t, distance_km(origin, t)) for t in chosen}
    for surgery in surgeries:
        town = town_of(surgery, chosen)
        if town is not None:
            groups[town.pk].surgeries.append(surgery)
            surgery.network_town = town
    ordered = sorted(
        (group for group in groups.values() if group.surgeries),
        key=lambda g: (g.distance_km is None, g.distance_km or 0, g.town.name.lower()),
    )
    if origin is not None:
        rank = {group.town.pk: index for index, group in enumerate(ordered)}
        surgeries.sort(key=lambda s: (rank[s.network_town.pk], s.starts_at))
    return ordered, surgeries


def filter_form(request):
    """Always bound: with no GET fields every filter is empty and the form is valid."""
    return NetworkFilterForm(request.GET, town_list=towns())


def bad_filters(form):
    """A plain 400 naming what was wrong with the feed's address."""
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    return HttpResponseBadRequest(
        gettext("These filters are not valid: %(problems)s") % {"problems": problems}
    )


def short_lived(response):
    patch_cache_control(response, public=True, max_age=NETWORK_CACHE_SECONDS, s_maxage=NETWORK_CACHE_SECONDS)
    return response


def location_for_this_page_only():
    """The site's Permissions-Policy with location allowed to this page's own script, no one else's.

    Every other page switches location off (settings.PERMISSIONS_POLICY); "Use my location"
    needs it here, still never for anything embedded from elsewhere.
    """
    return settings.PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")


@require_safe
def network_page(request):
    """Every upcoming surgery across the network's towns, grouped by town."""
    form = filter_form(request)
    valid = form.is_valid()
    groups, surgeries = network_surgeries(form, PAGE_LIMIT) if valid else ([], [])
    query = "?" + request.GET.urlencode() if valid and request.GET else ""
    feeds = {kind: reverse(f"home:network_surgeries_{kind}") + query for kind in ("rss", "atom", "ical")}
    response = TemplateResponse(
        request,
        "home/network_surgeries.html",
        {
            "form": form,
            "groups": groups,
            "surgery_count": len(surgeries),
            "ordered_by_distance": valid and form.origin() is not None,
            "feeds": feeds,
        },
        status=200 if valid else 400,
    )
    if settings.PERMISSIONS_POLICY:
        response.headers["Permissions-Policy"] = location_for_this_page_only()
    request.shared_cache_max_seconds = NETWORK_CACHE_SECONDS  # PublicCacheMiddleware keeps it short
    return response


class NetworkSurgeriesFeed(Feed):
    """Every upcoming surgery across the towns, as RSS or Atom, with the page's filters."""

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return kwargs["surgeries"]

    def title(self):
        return gettext("Social media surgeries across the network")

    def link(self):
        return reverse("home:network_surgeries")

    def description(self):
        return gettext("Free drop-in sessions where volunteers help local people and groups get online.")

    def items(self, surgeries):
        return surgeries

    def item_title(self, surgery):
        return f"{surgery.network_town.name}: {surgery.title}"

    def item_link(self, surgery):
        return surgery.get_full_url(self.request)

    def item_guid(self, surgery):
        return surgery.get_full_url(self.request)

    def item_description(self, surgery):
        when = date_format(timezone.localtime(surgery.starts_at), "l j F Y, H:i")
        where = surgery.venue.title if surgery.venue_id else surgery.venue_address.replace("\n", ", ")
        return " · ".join(part for part in (when, where, surgery.intro_text) if part)

    def item_pubdate(self, surgery):
        return surgery.first_published_at or surgery.last_published_at

    def item_updateddate(self, surgery):
        return surgery.last_published_at

    def item_categories(self, surgery):
        return [surgery.network_town.name]


def feed_of_filtered_surgeries(request, render):
    """``render(surgeries)`` for the request's filters, soonest first (400 on bad filters); short-lived."""
    form = filter_form(request)
    if not form.is_valid():
        return bad_filters(form)
    _, surgeries = network_surgeries(form, FEED_LIMIT)
    surgeries.sort(key=lambda s: (s.starts_at, s.pk))
    return short_lived(render(surgeries))


def make_network_feed(feed_type):
    feed = NetworkSurgeriesFeed(feed_type)

    @require_safe
    def view(request):
        return feed_of_filtered_surgeries(request, lambda surgeries: feed(request, surgeries=surgeries))

    view.__name__ = f"network_surgeries_{feed_type.__name__}"
    return view


network_rss = make_network_feed(Rss201rev2Feed)
network_atom = make_network_feed(Atom1Feed)


@require_safe
def network_ical(request):
    """The same surgeries for calendar apps to subscribe to (webcal) or download (.ics)."""
    name = gettext("Surgeries across the network")
    return feed_of_filtered_surgeries(request, lambda surgeries: ics_response(request, surgeries, name=name))
