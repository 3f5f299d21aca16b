"""Fixtures for the community-centre tests (centres with and without the optional parts) and for
the town tests (two towns on two host names)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from cms.demo import make_image
from home import hours
from home.models import (
    CentreRoom,
    CommunityCentrePage,
    Facility,
    HomePage,
    OpeningHours,
    OpeningHoursException,
    RegularActivity,
    RoomPhoto,
    Town,
)

# A Wednesday in term time, mid-morning, UK time: the clock the centre tests read.
FROZEN_NOW = datetime(2030, 3, 13, 10, 30, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin "now" for opening hours and the form's date checks."""
    monkeypatch.setattr(hours, "local_now", lambda: FROZEN_NOW)
    monkeypatch.setattr("home.forms.local_now", lambda: FROZEN_NOW)
    return FROZEN_NOW


def make_room(number, photos=1):
    return CentreRoom(
        name=f"Room {number}" if number else "Main hall",
        description="Tables, chairs and a hatch to the kitchen.",
        capacity=60,
        size_square_metres=80,
        rate_resident=Decimal("15.00"),
        rate_community=Decimal("0"),
        rate_business=None,
        photos=[
            RoomPhoto(sort_order=n, image=make_image(f"Room photo {n}", "Chairs set out in rows."))
            for n in range(photos)
        ],
    )


def make_activity(number):
    return RegularActivity(
        weekday=number % 7,
        starts_at=time(10, 0),
        ends_at=time(11, 30),
        name=f"Activity {number}" if number else "Toddler group",
        run_by="Kingstanding Parents' Network",
        contact="parents@example.org" if number % 2 else "0121 496 0000",
        details="Term time only",
    )


def build_centre(place, *, rooms=1, activities=1, slug="kingstanding-community-centre", **fields):
    details = {
        "title": "Kingstanding Community Centre",
        "address": "Kingstanding Circle\nKingstanding Road\nBirmingham",
        "postcode": "B44 9QH",
        "phone": "0121 496 0123",
        "email": "centre@example.org",
        "step_free_access": True,
        "hearing_loop": True,
        "accessibility_notes": "Blue Badge bays by the main door.",
    }
    centre = CommunityCentrePage(slug=slug, **{**details, **fields})
    centre.opening_hours = [
        *(OpeningHours(weekday=day, opens=time(9), closes=time(17)) for day in range(5)),
        OpeningHours(weekday=5, opens=time(10), closes=time(13)),
    ]
    centre.opening_hours_exceptions = [
        # Wednesday 20 March 2030: closed for repairs.
        OpeningHoursException(starts_on=date(2030, 3, 20), reason="Closed for repairs", closed=True),
        # Sunday 24 March 2030: a special opening on a day normally closed.
        OpeningHoursException(
            starts_on=date(2030, 3, 24), reason="Spring fair", closed=False, opens=time(11), closes=time(15)
        ),
        # Long past: must not show.
        OpeningHoursException(starts_on=date(2020, 12, 25), reason="Christmas 2020", closed=True),
    ]
    centre.rooms = [make_room(number, photos=2) for number in range(rooms)]
    centre.activities = [make_activity(number) for number in range(activities)]
    place.add_child(instance=centre)
    centre.facilities.set(
        [Facility.objects.get_or_create(name=name)[0] for name in ("Free Wi-Fi", "Kitchen")]
    )
    centre.save_revision().publish()
    return CommunityCentrePage.objects.get(pk=centre.pk)


@pytest.fixture
def centre(place):
    return build_centre(place)


@pytest.fixture
def bare_centre(place):
    """Only what an editor must fill in: no hours, rooms, activities, phone or email."""
    return place.add_child(
        instance=CommunityCentrePage(
            title="Digbeth Community Hub", slug="digbeth-hub", address="Floodgate Street", postcode="B5 5SL"
        )
    )


@pytest.fixture
def room(centre):
    return centre.rooms.first()


@pytest.fixture
def enquiry_data(room, frozen_now):
    return {
        "room": str(room.pk),
        "date": (frozen_now.date() + timedelta(days=14)).isoformat(),
        "starts_at": "18:30",
        "ends_at": "21:00",
        "hirer_kind": "community",
        "attendees": "30",
        "purpose": "Monthly residents' association meeting",
        "name": "Maureen Baker",
        "email": "maureen@example.org",
        "phone": "07700 900123",
        "website": "",
    }


@pytest.fixture(autouse=True)
def forget_rate_limits():
    cache.clear()


# --- Two towns on two host names (add_town), shared by the town tests ---------------------

WALSALL = "walsall.example.org"
DUDLEY = "dudley.example.org"


def add_town(name, slug, *args):
    out = StringIO()
    call_command("add_town", name, slug, *args, stdout=out)
    return Town.objects.get(slug=slug), out.getvalue()


def make_network():
    """The network's own site: its home page as the default Site (what a fresh install has)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Patchwork network", slug="network"))
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "network.example.org", "port": 80, "root_page": home}
    )
    cache.clear()
    return home


def make_walsall():
    town, _ = add_town(
        "Walsall",
        "walsall",
        "--hostname",
        WALSALL,
        "--primary-colour",
        "#7A1F5C",
        "--footer-text",
        "Walsall Digital Champions, charity 1234567",
        "--latitude",
        "52.58611",
        "--longitude",
        "-1.98250",
        "--helper-label",
        "volunteer",
    )
    return town


def make_dudley():
    town, _ = add_town("Dudley", "dudley", "--hostname", DUDLEY)
    return town


@pytest.fixture
def network():
    return make_network()


@pytest.fixture
def walsall(network):
    return make_walsall()


@pytest.fixture
def dudley(network):
    return make_dudley()


def organiser_of(town, django_user_model, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(town.organisers)
    return user
