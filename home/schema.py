"""schema.org structured data for community centres, so search engines and maps show the right hours."""

from .models.mixins import WEEKDAYS

SCHEMA_DAYS = {number: f"https://schema.org/{name}" for number, name in WEEKDAYS}


def opening_hours_specification(centre):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA_DAYS[row.weekday],
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in centre.opening_hours.all()
    ]


def special_opening_hours_specification(centre):
    """Upcoming exceptions. schema.org marks a closed day as opening and closing at 00:00."""
    specification = []
    for exception in centre.upcoming_exceptions():
        opens, closes = (
            ("00:00", "00:00")
            if exception.closed
            else (
                exception.opens.strftime("%H:%M"),
                exception.closes.strftime("%H:%M"),
            )
        )
        specification.append(
            {
                "@type": "OpeningHoursSpecification",
                "name": exception.reason,
                "validFrom": exception.starts_on.isoformat(),
                "validThrough": exception.last_day.isoformat(),
                "opens": opens,
                "closes": closes,
            }
        )
    return specification


def centre_json_ld(centre, request=None):
    """A CivicStructure describing the centre (the template writes it out with ``{% json_ld %}``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "CivicStructure",
        "name": centre.title,
        "url": centre.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(centre.address_lines),
            "postalCode": centre.postcode,
            "addressCountry": "GB",
        },
        "hasMap": centre.map_url,
        "openingHoursSpecification": opening_hours_specification(centre),
    }
    special = special_opening_hours_specification(centre)
    if special:
        data["specialOpeningHoursSpecification"] = special
    if centre.latitude is not None and centre.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": centre.latitude, "longitude": centre.longitude}
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.email:
        data["email"] = centre.email
    description = centre.search_description or centre.intro_text
    if description:
        data["description"] = description
    features = [
        *centre.accessibility_features,
        *(facility.name for facility in centre.facilities_in_page_language),
    ]
    if features:
        data["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": name, "value": True} for name in features
        ]
    return data
