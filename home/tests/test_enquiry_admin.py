"""Room-hire enquiries in the admin: each centre's editors see their own centre's, nobody else's."""

import csv
import io
from datetime import date, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from cms.tests.downloads import downloaded_text
from home.models import RoomHireEnquiry

from .conftest import build_centre

pytestmark = pytest.mark.django_db

INDEX = "/admin/room_hire_enquiries/"


def enquiry_for(centre, name):
    room = centre.rooms.first()
    return RoomHireEnquiry.objects.create(
        centre=centre,
        room=room,
        room_name=room.name,
        date=date(2030, 4, 1),
        starts_at=time(18),
        ends_at=time(20),
        hirer_kind="resident",
        purpose="Party",
        name=name,
        email=f"{name.lower()}@example.org",
    )


def editor_of(page, username):
    """A user who may use the admin and edit ``page`` and everything below it."""
    group = Group.objects.create(name=f"Editors of {page.title} ({username})")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def two_centres(place):
    kingstanding = build_centre(place, slug="kingstanding-centre")
    digbeth = build_centre(place, slug="digbeth-hub", title="Digbeth Community Hub")
    return kingstanding, digbeth


@pytest.fixture
def enquiries(two_centres):
    kingstanding, digbeth = two_centres
    return enquiry_for(kingstanding, "Maureen"), enquiry_for(digbeth, "Dev")


def test_a_centre_editor_sees_only_their_centres_enquiries(client, two_centres, enquiries):
    kingstanding, _ = two_centres
    mine, theirs = enquiries
    client.force_login(editor_of(kingstanding, "kath"))
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maureen" in html and "Dev" not in html
    assert client.get(f"{INDEX}inspect/{mine.pk}/").status_code == 200
    assert client.get(f"{INDEX}edit/{mine.pk}/").status_code == 200
    for view in ("inspect", "edit", "delete", "history"):
        assert client.get(f"{INDEX}{view}/{theirs.pk}/").status_code in (302, 403), view


def test_a_centre_editor_can_mark_an_enquiry_as_replied_but_not_someone_elses(client, two_centres, enquiries):
    kingstanding, _ = two_centres
    mine, theirs = enquiries
    client.force_login(editor_of(kingstanding, "kath"))
    client.post(f"{INDEX}edit/{mine.pk}/", {"status": "replied", "notes": "Offered the 2nd."})
    mine.refresh_from_db()
    assert mine.status == "replied" and mine.notes == "Offered the 2nd."
    client.post(f"{INDEX}edit/{theirs.pk}/", {"status": "declined", "notes": ""})
    client.post(f"{INDEX}delete/{theirs.pk}/")
    theirs.refresh_from_db()
    assert theirs.status == "new"


def test_an_editor_of_the_whole_place_sees_every_centre_in_it(client, place, two_centres, enquiries):
    client.force_login(editor_of(place, "pat"))
    html = client.get(INDEX).content.decode()
    assert "Maureen" in html and "Dev" in html


def test_someone_who_edits_no_centre_cannot_open_the_enquiries(client, home_page, two_centres, enquiries):
    from home.models import StandardPage

    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    client.force_login(editor_of(about, "sam"))
    assert client.get(INDEX).status_code in (302, 403)
    assert "Room-hire enquiries" not in client.get("/admin/").content.decode()
    assert client.get(f"{INDEX}inspect/{enquiries[0].pk}/").status_code in (302, 403)


def test_nobody_adds_enquiries_in_the_admin(client, two_centres):
    kingstanding, _ = two_centres
    client.force_login(editor_of(kingstanding, "kath"))
    assert client.get(f"{INDEX}new/").status_code in (302, 403)


def test_a_superuser_sees_everything(client, enquiries, admin_user):
    client.force_login(admin_user)
    html = client.get(INDEX).content.decode()
    assert "Maureen" in html and "Dev" in html
    assert "Room-hire enquiries" in client.get("/admin/").content.decode()


def test_a_centre_editor_downloads_their_enquiries_with_formulas_kept_as_text(client, two_centres, enquiries):
    kingstanding, _digbeth = two_centres
    RoomHireEnquiry.objects.filter(name="Maureen").update(purpose='=HYPERLINK("http://evil.example")')
    client.force_login(editor_of(kingstanding, "kim"))
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(downloaded_text(response))))
    assert [row["Name"] for row in rows] == ["Maureen"]  # not Digbeth's Dev
    assert rows[0]["Purpose"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["Status"] and rows[0]["Who is hiring"]
