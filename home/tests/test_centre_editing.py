"""Editors build a centre page in the admin: every field explains itself, nested rooms and photos save."""

from datetime import time

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from cms.demo import make_image
from home.models import (
    CentreRoom,
    CommunityCentrePage,
    Facility,
    OpeningHours,
    OpeningHoursException,
    RegularActivity,
    RoomHireEnquiry,
    RoomPhoto,
)


@pytest.mark.parametrize(
    "model",
    [CentreRoom, RoomPhoto, OpeningHours, OpeningHoursException, RegularActivity, Facility, RoomHireEnquiry],
)
def test_every_editor_field_has_help_text(model):
    skip = {"id", "sort_order", "page", "room", "centre"}
    for field in model._meta.get_fields():
        if field.name in skip or not getattr(field, "editable", False) or field.auto_created:
            continue
        if not field.concrete:
            continue
        assert field.help_text, f"{model.__name__}.{field.name} has no help text"


def test_opening_hours_must_close_after_they_open():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        OpeningHours(weekday=0, opens=time(17), closes=time(9)).clean()
    with pytest.raises(ValidationError):
        RegularActivity(weekday=0, starts_at=time(11), ends_at=time(10), name="Yoga").clean()


@pytest.mark.django_db
def test_an_editor_creates_a_centre_with_hours_rooms_and_room_photos(client, admin_user, place):
    client.force_login(admin_user)
    photo = make_image("Hall photo", "The hall with chairs in rows.")
    wifi = Facility.objects.create(name="Free Wi-Fi")
    url = f"/admin/pages/add/home/communitycentrepage/{place.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Kingstanding Community Centre",
            "slug": "kingstanding-community-centre",
            "intro": rich_text("<p>Everyone welcome.</p>"),
            "address": "Kingstanding Circle\nBirmingham",
            "postcode": "B44 9QH",
            "email": "centre@example.org",
            "step_free_access": "on",
            "opening_hours": inline_formset([{"weekday": "0", "opens": "09:00", "closes": "17:00"}]),
            "opening_hours_exceptions": inline_formset(
                [{"starts_on": "2030-12-25", "reason": "Christmas Day", "closed": "on"}]
            ),
            "activities": inline_formset(
                [{"weekday": "2", "starts_at": "09:30", "ends_at": "11:30", "name": "Toddler group"}]
            ),
            "rooms": inline_formset(
                [
                    {
                        "name": "Main hall",
                        "capacity": "120",
                        "rate_resident": "18.00",
                        "photos": inline_formset([{"image": photo.pk}]),
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    data["facilities"] = [str(wifi.pk)]  # a multiple choice: one value per ticked box
    response = client.post(url, data)
    assert response.status_code == 302
    centre = CommunityCentrePage.objects.get(slug="kingstanding-community-centre")
    assert centre.live
    assert [(row.weekday, row.opens) for row in centre.opening_hours.all()] == [(0, time(9))]
    assert centre.opening_hours_exceptions.get().reason == "Christmas Day"
    assert centre.activities.get().name == "Toddler group"
    room = centre.rooms.get()
    assert room.name == "Main hall" and room.photos.get().image == photo
    assert list(centre.facilities.all()) == [wifi]


@pytest.mark.django_db
def test_editors_are_told_when_special_hours_are_missing(client, admin_user, place):
    client.force_login(admin_user)
    url = f"/admin/pages/add/home/communitycentrepage/{place.pk}/"
    data = nested_form_data(
        {
            "title": "Hall",
            "slug": "hall",
            "address": "High Street",
            "postcode": "B44 9QH",
            "opening_hours": inline_formset([]),
            "opening_hours_exceptions": inline_formset([{"starts_on": "2030-12-24", "reason": "Carols"}]),
            "activities": inline_formset([]),
            "rooms": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give the opening time, or tick" in response.content.decode()
    assert not CommunityCentrePage.objects.filter(slug="hall").exists()
