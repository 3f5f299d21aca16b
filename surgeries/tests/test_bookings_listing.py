"""The bookings listing: an organiser's surgeries only, filters, search, paging, safe downloads."""

import csv
import io

from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail.admin.menu import admin_menu

import pytest
from openpyxl import load_workbook

from cms.tests.downloads import downloaded_text
from surgeries.models import Booking, BookingStatus, Role

pytestmark = pytest.mark.django_db

INDEX = "surgeries_bookings:index"


def admin_user_called(django_user_model, name):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw", first_name=name.title())
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def add_booking(surgery, name, email, role=Role.ATTEND, status=BookingStatus.BOOKED, **fields):
    return Booking.objects.create(surgery=surgery, role=role, name=name, email=email, status=status, **fields)


@pytest.fixture
def two_surgeries(make_surgery, django_user_model):
    """Priya organises Kingstanding; Olu organises Handsworth. Each has bookings."""
    priya = admin_user_called(django_user_model, "priya")
    olu = admin_user_called(django_user_model, "olu")
    kingstanding = make_surgery(title="Kingstanding surgery")
    handsworth = make_surgery(title="Handsworth surgery", days=14)
    kingstanding.organisers.add(priya)
    kingstanding.save_revision().publish()
    handsworth.organisers.add(olu)
    handsworth.save_revision().publish()
    add_booking(kingstanding, "Maureen", "maureen@example.com", organisation_name="Kingstanding Watch")
    add_booking(kingstanding, "Sam", "sam@example.com", role=Role.HELP)
    add_booking(kingstanding, "Zoe", "zoe@example.com", status=BookingStatus.WAITLISTED)
    add_booking(handsworth, "Hamid", "hamid@example.com", organisation_name="Handsworth Allotments")
    return {"priya": priya, "olu": olu, "kingstanding": kingstanding, "handsworth": handsworth}


def listing(client, **query):
    response = client.get(reverse(INDEX), query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_organiser_sees_their_surgeries_and_every_booking_for_them_only(two_surgeries):
    html = listing(logged_in(two_surgeries["priya"]))
    assert "Kingstanding surgery" in html and "Held, email not confirmed" in html
    for email in ("maureen@example.com", "sam@example.com", "zoe@example.com"):
        assert email in html
    assert "hamid@example.com" not in html and "Handsworth surgery" not in html


def test_site_administrators_see_every_surgery(two_surgeries, admin_user):
    html = listing(logged_in(admin_user))
    assert "maureen@example.com" in html and "hamid@example.com" in html


def test_filters_by_surgery_role_and_status(two_surgeries, admin_user):
    client = logged_in(admin_user)
    only_handsworth = listing(client, surgery=two_surgeries["handsworth"].pk)
    assert "hamid@example.com" in only_handsworth and "maureen@example.com" not in only_handsworth
    helpers = listing(client, role="help")
    assert "sam@example.com" in helpers and "maureen@example.com" not in helpers
    waiting = listing(client, status="waitlisted")
    assert "zoe@example.com" in waiting and "sam@example.com" not in waiting


def test_an_organiser_cannot_filter_to_another_organisers_surgery(two_surgeries):
    html = listing(logged_in(two_surgeries["priya"]), surgery=two_surgeries["handsworth"].pk)
    assert "hamid@example.com" not in html


def test_search_finds_bookers_by_name_email_or_group(two_surgeries):
    client = logged_in(two_surgeries["priya"])
    by_group = listing(client, q="Kingstanding Watch")
    assert "maureen@example.com" in by_group and "sam@example.com" not in by_group
    by_email = listing(client, q="zoe@")
    assert "zoe@example.com" in by_email and "maureen@example.com" not in by_email
    # Someone else's booker is never found, however they are searched for.
    assert "hamid@example.com" not in listing(client, q="hamid")


def test_the_listing_is_paged(make_surgery, admin_user):
    surgery = make_surgery()
    for number in range(55):
        add_booking(surgery, f"Person {number:02d}", f"person{number:02d}@example.com")
    client = logged_in(admin_user)
    first = listing(client)
    assert "person00@example.com" in first and "person54@example.com" not in first
    assert "person54@example.com" in listing(client, p=2)


def test_the_download_keeps_formulas_as_text_and_follows_the_filters(two_surgeries):
    add_booking(two_surgeries["kingstanding"], '=HYPERLINK("http://evil.example","Click")', "eve@example.com")
    client = logged_in(two_surgeries["priya"])
    response = client.get(reverse(INDEX), {"export": "csv", "surgery": two_surgeries["kingstanding"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "kingstanding-surgery-bookings.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(downloaded_text(response))))
    assert rows[0][:4] == ["Name", "Email", "Role", "Status"] and rows[0][-1] == "Surgery"
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert "Hamid" not in names
    helpers = downloaded_text(client.get(reverse(INDEX), {"export": "csv", "role": "help"}))
    assert "sam@example.com" in helpers and "maureen@example.com" not in helpers


def test_the_spreadsheet_download_writes_formulas_as_text(two_surgeries):
    add_booking(two_surgeries["kingstanding"], "=1+1", "eve@example.com")
    response = logged_in(two_surgeries["priya"]).get(reverse(INDEX), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_an_organiser_of_another_surgery_gets_nothing_of_this_one(two_surgeries):
    client = logged_in(two_surgeries["olu"])
    kingstanding = two_surgeries["kingstanding"]
    maureen = Booking.objects.get(email="maureen@example.com")
    for url in (
        reverse("surgeries_bookings:surgery", args=[kingstanding.pk]),
        reverse("surgeries_bookings:surgery_export", args=[kingstanding.pk]),
        reverse("surgeries_bookings:inspect", args=[maureen.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/"), url
    assert client.post(
        reverse("surgeries_bookings:check_in", args=[maureen.pk]), {"status": "attended"}
    ).status_code in (302, 403)
    assert Booking.objects.get(pk=maureen.pk).status == BookingStatus.BOOKED
    assert "maureen@example.com" not in downloaded_text(
        client.get(reverse(INDEX), {"export": "csv", "surgery": kingstanding.pk})
    )


def test_an_organiser_can_open_one_of_their_bookings(two_surgeries):
    maureen = Booking.objects.get(email="maureen@example.com")
    response = logged_in(two_surgeries["priya"]).get(reverse("surgeries_bookings:inspect", args=[maureen.pk]))
    assert response.status_code == 200 and "Kingstanding Watch" in response.content.decode()


@pytest.mark.parametrize("who", ["newcomer", "stranger"])
def test_people_who_organise_nothing_see_no_bookings_and_no_menu_item(two_surgeries, django_user_model, who):
    user = admin_user_called(django_user_model, who)
    client = logged_in(user)
    for query in ({}, {"export": "csv"}, {"q": "maureen"}):
        response = client.get(reverse(INDEX), query)
        assert response.status_code == 302 and response.url == "/admin/", query
    assert b"maureen" not in client.get(reverse("surgeries_bookings:index_results")).content
    assert "Surgery bookings" not in client.get("/admin/").content.decode()


def test_nothing_in_the_admin_adds_edits_or_deletes_a_booking(two_surgeries, admin_user):
    html = listing(logged_in(admin_user))
    maureen = Booking.objects.get(email="maureen@example.com")
    for view in ("add", "edit", "delete"):
        assert f"/admin/surgeries/{view}/" not in html
    assert logged_in(admin_user).get(f"/admin/surgeries/edit/{maureen.pk}/").status_code == 404


def test_an_organisers_menu_starts_with_their_bookings(two_surgeries):
    request = RequestFactory().get(reverse("wagtailadmin_home"))  # loads the admin's menu items
    request.user = two_surgeries["priya"]
    items = sorted(admin_menu.menu_items_for_request(request), key=lambda item: item.order)
    names = [item.name for item in items]
    assert names[0] == "surgery-bookings", names


def test_one_surgerys_download_has_every_booking_not_one_page(make_surgery, admin_user):
    surgery = make_surgery()
    for number in range(55):
        add_booking(surgery, f"Person {number:02d}", f"person{number:02d}@example.com")
    response = logged_in(admin_user).get(reverse("surgeries_bookings:surgery_export", args=[surgery.pk]))
    rows = list(csv.reader(io.StringIO(downloaded_text(response))))
    assert len(rows) == 1 + 55
