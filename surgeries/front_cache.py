"""What a front cache must forget when a surgery or its bookings change (cms/front_cache.py)."""

from django.urls import reverse

from cms import front_cache

from .models import SurgeryPage


def purges(page):
    """The surgery listings and calendars, by site and by each place above it, and its centre's page."""
    if not isinstance(page, SurgeryPage):
        return []
    found = [reverse("surgeries:upcoming"), reverse("surgeries:past"), reverse("surgeries:site_ical")]
    for ancestor in page.get_ancestors().filter(depth__gt=2).only("pk"):
        for name in ("place_upcoming", "place_past", "place_ical"):
            found.append(reverse(f"surgeries:{name}", kwargs={"place_id": ancestor.pk}))
    if page.venue_id:
        venue = page.venue
        if venue is not None and venue.live:
            found.append(venue)
    return found


def booking_changed(sender, instance, **kwargs):
    """A booking made, confirmed, moved off the waiting list or cancelled: 'places left' changed."""
    if front_cache.enabled():
        surgery = SurgeryPage.objects.filter(pk=instance.surgery_id).first()
        if surgery is not None and surgery.live:
            front_cache.purge_page_later(surgery)
