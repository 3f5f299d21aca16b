"""Demo surgeries and bookings for the demo town (see home.demo.DemoTown).

Dates are relative to today, so the demo always has surgeries coming up and some
that have happened. One upcoming surgery is full with a waiting list, one needs an
organiser's approval, one is cancelled.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.demo import paragraphs

from .models import Booking, BookingStatus, Role, SurgeryPage
from .topics import ensure_default_topics

ORGANISER_USERNAME = "priya.organiser"

# (place, days from today, start hour, hours long, title, extra fields)
SURGERIES = [
    ("Kingstanding", -21, 10, 3, "Social media surgery at Kingstanding", {}),
    ("Central Birmingham", -35, 18, 2, "Evening surgery at the Library of Birmingham", {}),
    (
        "Kingstanding",
        6,
        10,
        3,
        "Kingstanding spring surgery",
        {"attendee_capacity": 4, "helper_capacity": 3},
    ),
    ("Central Birmingham", 9, 18, 2, "Tuesday evening surgery, city centre", {}),
    (
        "Handsworth",
        13,
        11,
        3,
        "Handsworth surgery for tenants' and residents' groups",
        {"needs_approval": True, "attendee_capacity": 6},
    ),
    (
        "Wednesfield",
        20,
        10,
        2,
        "Wednesfield village surgery",
        {"status": "cancelled", "status_message": "The hall is being rewired. We will set a new date soon."},
    ),
    ("Digbeth", 27, 14, 3, "Digbeth makers' surgery", {}),
]

ADDRESSES = {
    "Central Birmingham": "Library of Birmingham\nCentenary Square\nBirmingham B1 2ND",
    "Handsworth": "Handsworth Library\nSoho Road\nBirmingham B21 9DP",
    "Wednesfield": "Wednesfield Village Hall\nHigh Street\nWolverhampton WV11 1ST",
    "Digbeth": "The Custard Factory\nGibb Street\nBirmingham B9 4AA",
    "Kingstanding": "Kingstanding Library\nKingstanding Road\nBirmingham B44 9ER",
}

PEOPLE = [
    ("Maureen", "Kingstanding Neighbourhood Watch", "neighbourhood_watch", ["newsletter", "facebook"]),
    ("Delroy", "Handsworth Allotment Society", "club", ["website"]),
    ("Agnieszka", "Polish Saturday School", "charity", ["facebook", "safety"]),
    ("Tariq", "Soho Road Traders", "community_group", ["blog", "x"]),
    ("Joan", "Elm Road Tenants' Association", "tenants", ["newsletter"]),
    ("Kwame", "", "individual", ["safety"]),
    ("Siobhan", "Wednesfield Canal Society", "club", ["website", "newsletter"]),
]
HELPERS = [("Sam", ["website", "blog"]), ("Ruth", ["facebook", "safety"]), ("Imran", ["newsletter"])]

DESCRIPTION = paragraphs(
    "A relaxed drop-in where volunteers sit with you and help you get your group online: a blog, "
    "a newsletter, a Facebook page, or just feeling safer on the internet.",
    "Come for ten minutes or the whole session. Tea and biscuits provided.",
)


def at(days, hour):
    """A UK-time moment ``days`` from today at ``hour`` o'clock."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def centre_in(town, place):
    """A community centre directly in the place, if the centres step made one."""
    for centre in town.centres.values():
        if centre.path.startswith(place.path) and centre.depth == place.depth + 1:
            return centre
    return None


def demo_organiser():
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=ORGANISER_USERNAME,
        defaults={"first_name": "Priya", "last_name": "Organiser", "email": "priya@patchwork.example"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def add_surgery(town, organiser, place_name, days, hour, hours, title, extra):
    place = town.places[place_name]
    centre = centre_in(town, place)
    surgery = SurgeryPage(
        title=title,
        starts_at=at(days, hour),
        ends_at=at(days, hour) + timedelta(hours=hours),
        venue=centre,
        venue_address="" if centre else ADDRESSES[place_name],
        intro=DESCRIPTION,
        what_to_bring="Your phone, tablet or laptop if you have one, and the passwords for your accounts.",
        accessibility_notes="Step-free entrance and an accessible toilet. Hearing loop at the front desk.",
        search_description=f"A free social media surgery in {place_name}.",
        **extra,
    )
    surgery.organisers.set([organiser])
    place.add_child(instance=surgery)
    surgery.save_revision().publish()
    return surgery


def bookings_for(surgery, days):
    """A realistic mix: attendees and helpers, full where the capacity is small."""
    past = days < 0
    made = timezone.now() - timedelta(days=max(-days, 0) + 10)
    rows = []
    attendees = PEOPLE[: surgery.attendee_capacity + 3] if surgery.attendee_capacity < 6 else PEOPLE[:4]
    for number, (name, organisation, kind, topics) in enumerate(attendees):
        if past:
            status = BookingStatus.NO_SHOW if number == 2 else BookingStatus.ATTENDED
        elif number >= surgery.attendee_capacity:
            status = BookingStatus.WAITLISTED
        elif surgery.needs_approval and number % 2:
            status = BookingStatus.PENDING
        else:
            status = BookingStatus.BOOKED
        rows.append(
            Booking(
                surgery=surgery,
                role=Role.ATTEND,
                name=name,
                email=f"{name.lower()}@example.com",
                organisation_name=organisation,
                organisation_kind=kind,
                topics=topics,
                status=status,
                created_at=made + timedelta(hours=number),
            )
        )
    for number, (name, topics) in enumerate(HELPERS[: min(surgery.helper_capacity, 2)]):
        rows.append(
            Booking(
                surgery=surgery,
                role=Role.HELP,
                name=name,
                email=f"{name.lower()}@example.com",
                topics=topics,
                can_offer="Happy to help with anything WordPress.",
                status=BookingStatus.ATTENDED if past else BookingStatus.BOOKED,
                created_at=made + timedelta(hours=number),
            )
        )
    if past:
        rows.append(
            Booking(
                surgery=surgery,
                role=Role.ATTEND,
                name="Walk-in visitor",
                is_walk_in=True,
                status=BookingStatus.ATTENDED,
                created_at=surgery.starts_at,
            )
        )
    return rows


def build(town, log):
    """Past and upcoming surgeries in several places, with bookings."""
    ensure_default_topics()  # the bookings below name them, even on a database emptied by hand
    organiser = demo_organiser()
    rows = []
    for place_name, days, hour, hours, title, extra in SURGERIES:
        surgery = add_surgery(town, organiser, place_name, days, hour, hours, title, extra)
        if surgery.status == "scheduled" and place_name != "Digbeth":
            rows += bookings_for(surgery, days)
    Booking.objects.bulk_create(rows)
    log(f"  {len(SURGERIES)} surgeries with {len(rows)} bookings (one full with a waiting list)")
