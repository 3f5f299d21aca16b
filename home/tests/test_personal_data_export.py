"""An administrator downloads everything held about one email address, and nobody else can."""

import json
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from handover.models import FollowUp, HelpRecord
from home.models import RoomHireEnquiry
from newsletters.models import PublicationPage
from subscriptions.models import Subscriber
from surgeries.models import Booking, SurgeryPage, SurgeryTopic

from .conftest import build_centre

pytestmark = pytest.mark.django_db

URL = "/admin/personal-data/"
MAUREEN = "maureen.lewis@example.org"
DEV = "dev@example.org"


@pytest.fixture
def held_data(place, django_user_model):
    """Rows across every app for Maureen (under different capitalisations) and for Dev."""
    watch = place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER
        )
    )
    starts = timezone.make_aware(datetime(2030, 3, 4, 10, 0))
    surgery = place.add_child(
        instance=SurgeryPage(
            title="Social media surgery, 4 March",
            slug="surgery",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    )
    centre = build_centre(place)
    podcast = SurgeryTopic.objects.create(name="Making a podcast")
    consented = timezone.make_aware(datetime(2030, 1, 2, 9, 30))
    for email, name in ((MAUREEN.upper(), "Maureen"), (DEV, "Dev")):
        Subscriber.objects.create(
            publication=watch,
            email=email,
            name=name,
            status=Subscriber.Status.CONFIRMED,
            consent_text=f"{name} agreed to the Watch by email.",
            consented_at=consented,
            source="https://example.org/kingstanding/watch/",
        )
        Booking.objects.create(
            surgery=surgery,
            role="attend",
            name=name,
            email=email.title(),
            organisation_name=f"{name}'s residents group",
            other_topic=f"{name} wants a blog",
            topics=[podcast.slug, "a-topic-since-removed"],
        )
        room = centre.rooms.first()
        RoomHireEnquiry.objects.create(
            centre=centre,
            room=room,
            room_name=room.name,
            date=date(2030, 4, 1),
            starts_at=time(18),
            ends_at=time(20),
            hirer_kind="resident",
            purpose=f"{name}'s birthday party",
            name=name,
            email=email.lower(),
        )
        newcomer = django_user_model.objects.create_user(f"{name.lower()}-account", email=email.lower())
        record = HelpRecord.objects.create(surgery=surgery, helped_name=f"{name} (helped)", newcomer=newcomer)
        FollowUp.objects.create(help_record=record, what_changed=f"{name} posts weekly now.")
    HelpRecord.objects.create(helped_name="Someone else", notes=f"Maureen's friend; write to {MAUREEN}.")
    return {"publication": watch, "surgery": surgery, "centre": centre}


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ada", "ada@example.org", "pw"))
    return client


def download(client, email):
    response = client.post(URL, {"email": email})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_file_holds_every_record_for_the_address_and_nothing_of_anyone_elses(admin, held_data):
    data = download(admin, "Maureen.Lewis@Example.org")

    assert data["email_address"].lower() == MAUREEN
    text = json.dumps(data)
    assert "Dev" not in text and DEV not in text

    [subscription] = data["newsletter_subscriptions"]
    assert subscription["publication"] == "Kingstanding Watch"
    assert subscription["status"] == "Subscribed"
    assert subscription["consent_text"] == "Maureen agreed to the Watch by email."
    assert subscription["consented_at"].startswith("2030-01-02T09:30")
    assert subscription["consent_source"] == "https://example.org/kingstanding/watch/"

    [booking] = data["surgery_bookings"]
    assert booking["surgery"] == "Social media surgery, 4 March"
    assert booking["organisation_name"] == "Maureen's residents group"
    assert booking["other_topic"] == "Maureen wants a blog"
    assert booking["topics"] == ["Making a podcast", "a-topic-since-removed"]
    assert "cancel_token" not in booking

    [enquiry] = data["room_hire_enquiries"]
    assert enquiry["purpose"] == "Maureen's birthday party"
    assert enquiry["centre"] == held_data["centre"].title

    helped = {record["who_was_helped"] for record in data["help_log"]}
    assert helped == {"Maureen (helped)", "Someone else"}
    [with_follow_up] = [record for record in data["help_log"] if record["follow_ups"]]
    assert with_follow_up["follow_ups"][0]["what_changed"] == "Maureen posts weekly now."

    [account] = data["admin_accounts"]
    assert account["username"] == "maureen-account"


def test_each_download_is_recorded_in_the_admin_history(admin, held_data):
    download(admin, MAUREEN)

    entry = ModelLogEntry.objects.get(action="home.export_personal_data")
    assert entry.user.username == "ada"
    assert entry.data["email"] == MAUREEN
    assert entry.data["found"]["newsletter_subscriptions"] == 1
    history = admin.get("/admin/reports/site-history/").content.decode()
    assert f"Exported the personal data held about {MAUREEN}" in history


@pytest.mark.parametrize("typed", ["", "maureen", "maureen@", "not an email@example"])
def test_anything_but_an_email_address_gets_a_form_error(admin, held_data, typed):
    response = admin.post(URL, {"email": typed})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "email address" in page
    assert "error-message" in page
    assert not ModelLogEntry.objects.filter(action="home.export_personal_data").exists()


def test_an_editor_without_the_permission_is_refused(client, held_data, django_user_model):
    editors = Group.objects.create(name="Newsletter writers")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = django_user_model.objects.create_user("kath", password="pw")
    editor.groups.add(editors)
    client.force_login(editor)

    assert client.get(URL).status_code in (302, 403)
    response = client.post(URL, {"email": MAUREEN})
    assert response.status_code in (302, 403)
    assert "application/json" not in response.get("Content-Type", "")


def test_a_reader_who_is_not_signed_in_is_sent_to_the_login_page(client, held_data):
    response = client.post(URL, {"email": MAUREEN})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_permission_can_be_given_to_a_group(client, held_data, django_user_model):
    officers = Group.objects.create(name="Data protection officers")
    officers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="export_personal_data"),
    )
    officer = django_user_model.objects.create_user("priya", password="pw")
    officer.groups.add(officers)
    client.force_login(officer)

    assert client.get(URL).status_code == 200
    data = download(client, MAUREEN)
    assert len(data["room_hire_enquiries"]) == 1
