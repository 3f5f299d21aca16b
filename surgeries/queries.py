"""Listings of surgeries that other apps show (what's on in a place or at a centre)."""

from django.utils import timezone

from .models import SurgeryPage


def upcoming_surgeries(root_page, limit=5):
    """Live, public surgeries below ``root_page`` that have not ended, soonest first."""
    return (
        SurgeryPage.objects.live()
        .public()
        .descendant_of(root_page)
        .filter(ends_at__gte=timezone.now(), locale_id=root_page.locale_id)
        .select_related("venue")
        .order_by("starts_at")[:limit]
    )


def upcoming_surgeries_at(venue, limit=5):
    """Live, public surgeries held at a community centre that have not ended, soonest first."""
    return (
        SurgeryPage.objects.live()
        .public()
        .filter(venue=venue, ends_at__gte=timezone.now())
        .order_by("starts_at")[:limit]
    )
