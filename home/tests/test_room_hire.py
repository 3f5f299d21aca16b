"""The room-hire enquiry form: stored, emailed by a task, protected, and clear about bad input."""

from datetime import timedelta

from django.core import mail

import pytest

from cms.tests.rich_site import make_home_page, make_place
from cms.tests.shared_data import copy_for_the_test, kept_for_the_module
from home.models import RoomHireEnquiry
from home.tasks import send_room_hire_enquiry
from home.views import ENQUIRY_RATE_LIMIT

from .conftest import build_centre

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def kingstanding(django_db_setup, django_db_blocker, tmp_path_factory):
    """The home page, the place and its community centre, built once for the module's tests."""
    media = tmp_path_factory.mktemp("room-hire")
    with kept_for_the_module(django_db_blocker, media):
        home_page = make_home_page()
        place = make_place(home_page)
        yield {"media": media, "home_page": home_page, "place": place, "centre": build_centre(place)}


@pytest.fixture
def shared(kingstanding, db, settings):
    return copy_for_the_test(kingstanding, settings)


@pytest.fixture
def home_page(shared):
    return shared["home_page"]


@pytest.fixture
def place(shared):
    return shared["place"]


@pytest.fixture
def centre(shared):
    return shared["centre"]


def enquiry_url(centre):
    return f"/centres/{centre.pk}/hire-a-room/"


def post(client, centre, data, **extra):
    return client.post(enquiry_url(centre), data, **extra)


def test_an_enquiry_is_stored_emailed_and_thanked(
    client, centre, room, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, centre, enquiry_data)
    assert response.status_code == 302
    assert response["Location"] == f"/centres/{centre.pk}/hire-a-room/sent/"
    enquiry = RoomHireEnquiry.objects.get()
    assert (enquiry.centre_id, enquiry.room_id, enquiry.room_name) == (centre.pk, room.pk, "Main hall")
    assert str(enquiry.date) == enquiry_data["date"]
    assert enquiry.hirer_kind == "community" and enquiry.attendees == 30
    assert enquiry.status == RoomHireEnquiry.Status.NEW
    assert enquiry.emailed_at is not None

    [message] = mail.outbox
    assert message.to == ["centre@example.org"]
    assert message.reply_to == ["maureen@example.org"]
    assert "Main hall" in message.subject and "Maureen Baker" in message.subject
    assert "Monthly residents' association meeting" in message.body
    assert f"http://testserver/admin/room_hire_enquiries/inspect/{enquiry.pk}/" in message.body
    html = message.alternatives[0][0]
    assert "Monthly residents&#x27; association meeting" in html


def test_the_post_sets_no_cookie_and_is_never_cached(client, centre, enquiry_data):
    response = post(client, centre, enquiry_data)
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_the_thank_you_page_is_not_cached(client, centre):
    response = client.get(f"/centres/{centre.pk}/hire-a-room/sent/")
    assert response.status_code == 200
    assert "Thank you: your enquiry has been sent" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not response.cookies


def test_the_form_also_works_on_a_page_of_its_own(client, centre, frozen_now):
    response = client.get(enquiry_url(centre))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hire a room at Kingstanding Community Centre" in html
    assert "csrfmiddlewaretoken" not in html and not response.cookies


def test_the_task_does_not_email_twice(centre, enquiry_data, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, centre, enquiry_data)
    send_room_hire_enquiry.enqueue(RoomHireEnquiry.objects.get().pk)
    assert len(mail.outbox) == 1


def test_a_centre_without_an_email_address_sends_to_the_site_contact(
    client, place, frozen_now, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "hello@patchwork.example"
    settings.save()
    centre = build_centre(place, slug="no-email", email="")
    data = {
        "room": str(centre.rooms.first().pk),
        "date": (frozen_now.date() + timedelta(days=3)).isoformat(),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "hirer_kind": "resident",
        "purpose": "Birthday party",
        "name": "Pat",
        "email": "pat@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, centre, data).status_code == 302
    assert mail.outbox[0].to == ["hello@patchwork.example"]


def test_the_honeypot_pretends_to_succeed_and_keeps_nothing(
    client, centre, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, centre, {**enquiry_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not RoomHireEnquiry.objects.exists()
    assert mail.outbox == []


def test_too_many_enquiries_from_one_address_are_refused(client, centre, enquiry_data):
    for _ in range(ENQUIRY_RATE_LIMIT):
        assert post(client, centre, enquiry_data).status_code == 302
    response = post(client, centre, enquiry_data)
    assert response.status_code == 429
    assert "Too many enquiries" in response.content.decode()
    assert RoomHireEnquiry.objects.count() == ENQUIRY_RATE_LIMIT
    # Someone else, at another address, is not affected.
    assert post(client, centre, enquiry_data, REMOTE_ADDR="192.0.2.7").status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2030-03-12"}, "date", "The date has passed"),
        ({"date": "31/02/2030"}, "date", "Enter a real date"),
        ({"date": "next tuesday"}, "date", "Enter a real date"),
        ({"date": ""}, "date", "Enter the date you would like the room"),
        ({"date": "2040-01-01"}, "date", "within the next two years"),
        (
            {"starts_at": "21:00", "ends_at": "18:30"},
            "ends_at",
            "The finishing time must be after the start time",
        ),
        ({"starts_at": "25:99"}, "starts_at", "Enter a time on the 24-hour clock"),
        ({"attendees": "500"}, "attendees", "holds up to 60 people"),
        ({"email": "not-an-address"}, "email", "Enter an email address like"),
        ({"hirer_kind": ""}, "hirer_kind", "Choose who is hiring"),
    ],
)
def test_bad_input_gets_a_clear_message_a_400_and_stores_nothing(
    client, centre, enquiry_data, changes, field, message
):
    response = post(client, centre, {**enquiry_data, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert f'id="hire-{field}_error"' in html
    assert not RoomHireEnquiry.objects.exists()
    assert mail.outbox == []
    assert "no-store" in response["Cache-Control"]


def test_dates_typed_the_british_way_are_accepted(client, centre, enquiry_data):
    assert post(client, centre, {**enquiry_data, "date": "27/03/2030"}).status_code == 302
    assert str(RoomHireEnquiry.objects.get().date) == "2030-03-27"


def test_a_room_from_another_centre_is_refused(client, centre, place, enquiry_data):
    other = build_centre(place, slug="other-centre")
    response = post(client, centre, {**enquiry_data, "room": str(other.rooms.first().pk)})
    assert response.status_code == 400
    assert "Choose one of the rooms listed" in response.content.decode()
    assert not RoomHireEnquiry.objects.exists()


def test_unknown_or_roomless_centres_are_404(client, bare_centre, enquiry_data):
    assert post(client, bare_centre, enquiry_data).status_code == 404
    assert client.post("/centres/999999/hire-a-room/", enquiry_data).status_code == 404
    assert client.get("/centres/999999/hire-a-room/sent/").status_code == 404


def test_a_draft_centre_takes_no_enquiries(client, centre, enquiry_data):
    centre.unpublish()
    assert post(client, centre, enquiry_data).status_code == 404
