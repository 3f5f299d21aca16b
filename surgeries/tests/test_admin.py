"""The organisers' views: who may see bookers' details, decisions, check-in, walk-ins, CSV, warnings."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from cms.tests.downloads import downloaded_text
from surgeries.models import Booking, BookingStatus, SurgeryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def organiser(django_user_model, surgery):
    user = django_user_model.objects.create_user("priya", "priya@example.com", "pw", first_name="Priya")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    surgery.organisers.add(user)
    surgery.save_revision().publish()
    return user


@pytest.fixture
def editor(django_user_model, place):
    """Someone who may edit pages in Kingstanding but does not organise the surgery."""
    user = django_user_model.objects.create_user("eddie", "eddie@example.com", "pw")
    group = Group.objects.create(name="Kingstanding editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=place, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user


@pytest.fixture
def booked(book, surgery):
    book(surgery, "maureen@example.com")
    book(surgery, "sam@example.com", role="help")
    book(surgery, "ali@example.com")
    book(surgery, "zoe@example.com")  # waiting list
    mail.outbox = []
    return surgery


def denied(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def bookings_url(surgery):
    return f"/admin/surgeries/{surgery.pk}/bookings/"


def test_organisers_see_who_booked_and_can_filter(client, organiser, booked):
    client.force_login(organiser)
    response = client.get(bookings_url(booked))
    assert response.status_code == 200
    html = response.content.decode()
    assert "maureen@example.com" in html and "sam@example.com" in html
    response = client.get(bookings_url(booked), {"role": "help"})
    assert "sam@example.com" in response.content.decode()
    assert "maureen@example.com" not in response.content.decode()
    response = client.get(bookings_url(booked), {"status": "waitlisted"})
    assert "zoe@example.com" in response.content.decode()
    assert "ali@example.com" not in response.content.decode()


def test_site_admins_see_who_booked(client, admin_user, booked):
    client.force_login(admin_user)
    assert b"maureen@example.com" in client.get(bookings_url(booked)).content
    assert b"Surgery bookings" in client.get("/admin/surgeries/").content


def test_editors_who_do_not_organise_see_counts_but_no_details(client, editor, booked):
    client.force_login(editor)
    response = client.get(bookings_url(booked))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only this surgery&#x27;s organisers" in html or "Only this surgery's organisers" in html
    for secret in ("maureen", "Maureen", "sam@example.com", "Neighbourhood Watch"):
        assert secret not in html
    assert denied(client.get(f"/admin/surgeries/{booked.pk}/bookings.csv"))
    booking = Booking.objects.first()
    assert denied(client.post(f"/admin/surgeries/booking/{booking.pk}/decide/", {"decision": "decline"}))
    assert denied(client.post(f"/admin/surgeries/booking/{booking.pk}/check-in/", {"status": "attended"}))
    assert denied(client.post(f"/admin/surgeries/{booked.pk}/walk-in/", {"name": "X", "role": "attend"}))
    assert Booking.objects.count() == 4
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_other_admin_users_cannot_see_the_bookings_at_all(client, django_user_model, booked):
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw")
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    assert denied(client.get(bookings_url(booked)))
    assert b"Social media surgery" not in client.get("/admin/surgeries/").content


def test_csv_export_has_a_row_per_booking_and_neutralises_formulas(client, organiser, book, surgery):
    book(surgery, "eve@example.com", **{"attend-name": "=HYPERLINK(1)"})
    book(surgery, "maureen@example.com")
    client.force_login(organiser)
    response = client.get(f"/admin/surgeries/{surgery.pk}/bookings.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(downloaded_text(response))))
    assert rows[0][:4] == ["Name", "Email", "Role", "Status"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[2][:2] == ["Maureen", "maureen@example.com"]
    assert rows[2][6] == "An email newsletter; A Facebook page"


def test_declining_with_a_message_emails_them_and_offers_the_place_on(client, organiser, booked, committed):
    client.force_login(organiser)
    maureen = Booking.objects.get(email="maureen@example.com")
    with committed():
        response = client.post(
            f"/admin/surgeries/booking/{maureen.pk}/decide/",
            {"decision": "decline", "message": "This surgery is for Handsworth groups."},
        )
    assert response.status_code == 302
    assert Booking.objects.get(pk=maureen.pk).status == BookingStatus.DECLINED
    assert Booking.objects.get(email="zoe@example.com").status == BookingStatus.BOOKED
    subjects = {message.to[0]: message for message in mail.outbox}
    assert "Handsworth groups" in subjects["maureen@example.com"].body
    assert subjects["zoe@example.com"].subject.startswith("A place has come up")


def test_approving_a_pending_booking_confirms_it(client, organiser, book, make_surgery, committed):
    surgery = make_surgery(needs_approval=True)
    surgery.organisers.add(organiser)
    surgery.save()
    book(surgery)
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.PENDING
    client.force_login(organiser)
    with committed():
        client.post(
            f"/admin/surgeries/booking/{booking.pk}/decide/", {"decision": "approve", "message": "Welcome"}
        )
    assert Booking.objects.get().status == BookingStatus.BOOKED
    assert mail.outbox[-1].subject.startswith("Your place is confirmed")
    assert "Welcome" in mail.outbox[-1].body


def test_check_in_and_walk_ins_on_the_day(client, organiser, booked):
    client.force_login(organiser)
    maureen = Booking.objects.get(email="maureen@example.com")
    ali = Booking.objects.get(email="ali@example.com")
    client.post(f"/admin/surgeries/booking/{maureen.pk}/check-in/", {"status": "attended"})
    client.post(f"/admin/surgeries/booking/{ali.pk}/check-in/", {"status": "no_show"})
    response = client.post(f"/admin/surgeries/booking/{ali.pk}/check-in/", {"status": "deleted"})
    assert response.status_code == 302
    client.post(f"/admin/surgeries/{booked.pk}/walk-in/", {"name": "Walter", "role": "attend", "email": ""})
    assert Booking.objects.get(pk=maureen.pk).status == BookingStatus.ATTENDED
    assert Booking.objects.get(pk=ali.pk).status == BookingStatus.NO_SHOW
    walter = Booking.objects.get(name="Walter")
    assert walter.is_walk_in and walter.status == BookingStatus.ATTENDED
    # A walk-in who had booked after all is checked in, not added twice.
    client.post(
        f"/admin/surgeries/{booked.pk}/walk-in/",
        {"name": "Zoe", "role": "attend", "email": "zoe@example.com"},
    )
    assert Booking.objects.get(email="zoe@example.com").status == BookingStatus.ATTENDED


def test_the_page_listing_and_edit_view_link_to_the_bookings(client, admin_user, surgery, place):
    client.force_login(admin_user)
    listing = client.get(f"/admin/pages/{place.pk}/")
    assert bookings_url(surgery).encode() in listing.content
    edit = client.get(f"/admin/pages/{surgery.pk}/edit/")
    assert bookings_url(surgery).encode() in edit.content


def test_editors_are_warned_about_another_surgery_within_a_day_in_the_same_place(
    client, admin_user, make_surgery, place
):
    first = make_surgery(title="Morning surgery")
    second = make_surgery(title="Next week", days=14)
    client.force_login(admin_user)
    edit_url = f"/admin/pages/{second.pk}/edit/"
    data = nested_form_data(
        {
            "title": second.title,
            "slug": second.slug,
            "starts_at": timezone.localtime(first.starts_at + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
            "ends_at": timezone.localtime(first.starts_at + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M"),
            "status": "scheduled",
            "status_message": "",
            "venue_address": "Kingstanding Library",
            "intro": rich_text("<p>Drop in.</p>"),
            "what_to_bring": "",
            "accessibility_notes": "",
            "attendee_capacity": 10,
            "helper_capacity": 5,
            "comments": inline_formset([]),
        }
    )
    response = client.post(edit_url, data, follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Morning surgery" in message and "within a day" in message for message in messages), messages
    assert SurgeryPage.objects.get(pk=second.pk).get_latest_revision_as_object().starts_at != second.starts_at
