"""Template tags for surgery pages: schema.org Event data for search engines."""

from django import template

from cms.structured_data import json_ld_script
from surgeries.models import SurgeryStatus

register = template.Library()

EVENT_STATUS = {
    SurgeryStatus.SCHEDULED: "https://schema.org/EventScheduled",
    SurgeryStatus.CANCELLED: "https://schema.org/EventCancelled",
    SurgeryStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def event_data(surgery, request=None):
    lines = surgery.location_lines()
    place = {"@type": "Place", "name": lines[0] if lines else surgery.title}
    if len(lines) > 1:
        place["address"] = ", ".join(lines[1:])
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": surgery.title,
        "startDate": surgery.starts_at.isoformat(),
        "endDate": surgery.ends_at.isoformat(),
        "eventStatus": EVENT_STATUS.get(surgery.status, EVENT_STATUS[SurgeryStatus.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "description": surgery.search_description
        or surgery.intro_text
        or f"A free social media surgery: {surgery.when_text()}.",
        "url": surgery.get_full_url(request),
        "location": place,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "GBP",
            "url": surgery.get_full_url(request),
        },
    }


@register.simple_tag(takes_context=True)
def surgery_event_json_ld(context, surgery):
    """<script type="application/ld+json"> (data, not code: the CSP does not block it)."""
    return json_ld_script(event_data(surgery, context.get("request")))
