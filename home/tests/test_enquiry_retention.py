"""Old room-hire enquiries are deleted, like bookers' details after a surgery; newer ones stay."""

import io
from datetime import date, datetime, time

from django.core.management import call_command
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import pytest

from home.management.commands import run_scheduler
from home.models import RoomHireEnquiry

from .conftest import build_centre

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2030, 9, 15, 12, 0))


@pytest.fixture
def centre(place):
    return build_centre(place)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("home.enquiry_retention.timezone.now", lambda: NOW)


def enquiry(centre, name, *, wanted, sent):
    room = centre.rooms.first()
    made = RoomHireEnquiry.objects.create(
        centre=centre,
        room=room,
        room_name=room.name,
        date=wanted,
        starts_at=time(18),
        ends_at=time(20),
        hirer_kind="resident",
        purpose="Birthday party",
        name=name,
        email=f"{name.lower()}@example.org",
    )
    RoomHireEnquiry.objects.filter(pk=made.pk).update(created_at=timezone.make_aware(sent))
    return made


def names_left():
    return set(RoomHireEnquiry.objects.values_list("name", flat=True))


def run(**options):
    out = io.StringIO()
    call_command("delete_room_hire_enquiries", stdout=out, **options)
    return out.getvalue()


def test_enquiries_older_than_six_months_are_deleted_and_newer_ones_kept(centre, frozen, settings):
    settings.ROOM_HIRE_ENQUIRY_MONTHS = 6
    enquiry(centre, "Old", wanted=date(2030, 3, 1), sent=datetime(2030, 2, 1))
    enquiry(centre, "Recent", wanted=date(2030, 4, 1), sent=datetime(2030, 3, 20))
    enquiry(centre, "Booked ahead", wanted=date(2031, 1, 10), sent=datetime(2030, 1, 5))

    output = run()

    assert names_left() == {"Recent", "Booked ahead"}
    assert "Deleted 1 room-hire enquiry(ies) over 6 months old." in output


def test_the_period_comes_from_settings(centre, frozen, settings):
    enquiry(centre, "Old", wanted=date(2030, 3, 1), sent=datetime(2030, 2, 1))
    settings.ROOM_HIRE_ENQUIRY_MONTHS = 12
    run()
    assert names_left() == {"Old"}

    settings.ROOM_HIRE_ENQUIRY_MONTHS = 3
    run()
    assert names_left() == set()


def test_the_admin_history_of_a_deleted_enquiry_goes_too(centre, frozen):
    old = enquiry(centre, "Old", wanted=date(2030, 3, 1), sent=datetime(2030, 2, 1))
    recent = enquiry(centre, "Recent", wanted=date(2030, 4, 1), sent=datetime(2030, 3, 20))
    log(old, "wagtail.edit")
    log(recent, "wagtail.edit")

    run()

    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels == {str(recent)}


def test_a_dry_run_only_counts(centre, frozen):
    enquiry(centre, "Old", wanted=date(2030, 3, 1), sent=datetime(2030, 2, 1))

    output = run(dry_run=True)

    assert names_left() == {"Old"}
    assert "1 room-hire enquiry(ies) over 6 months old would be deleted." in output


def test_the_scheduler_runs_it():
    assert "delete_room_hire_enquiries" in [name for name, _every in run_scheduler.SCHEDULE]
