"""The surgery page, the listings and their query ceilings, schema.org data, editor rules."""

import json
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailTestUtils

import pytest

from home.models import CommunityCentrePage, PlacePage
from surgeries.models import Booking, SurgeryPage
from surgeries.queries import upcoming_surgeries, upcoming_surgeries_at

pytestmark = pytest.mark.django_db

# Routing, site settings, navigation, breadcrumbs, translations, venue, place counts.
SURGERY_PAGE_CEILING = 16
LISTING_CEILING = 8


def test_the_surgery_page_shows_the_details_and_both_forms(client, make_surgery):
    surgery = make_surgery(
        intro="<p>Bring your questions.</p>",
        what_to_bring="Your phone",
        accessibility_notes="Step-free entrance on Kingstanding Road.",
        attendee_capacity=8,
    )
    response = client.get(surgery.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Bring your questions.",
        "Your phone",
        "Step-free entrance",
        "like help</h3>",
        "I can help</h3>",
    ):
        assert text in html
    assert "Attendee: 8 places left." in html
    assert "Helper: 5 places left." in html
    assert f'action="/surgeries/{surgery.pk}/book/attend/#book-attend"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "<script>" not in html and 'style="' not in html


def test_the_role_words_come_from_the_site_settings(client, surgery):
    from home.models import SiteSettings

    settings = SiteSettings.objects.get_or_create(site_id=surgery.get_site().pk)[0]
    settings.helper_label, settings.attendee_label = "volunteer", "guest"
    settings.save()
    html = client.get(surgery.url).content.decode()
    assert "Guest: 2 places left." in html
    assert "Volunteer: 1 place left." in html


def test_a_full_surgery_offers_the_waiting_list(client, book, surgery):
    book(surgery, "a@example.com")
    book(surgery, "b@example.com")
    assert b"you can join the waiting list" in client.get(surgery.url).content


def test_a_full_surgery_s_button_says_join_the_waiting_list(client, book, surgery):
    """The button says what pressing it does: no place is booked, a place in the queue is."""
    html = client.get(surgery.url).content.decode()
    assert ">Book my place</button>" in html and "Join the waiting list</button>" not in html
    book(surgery, "a@example.com")
    book(surgery, "b@example.com")
    html = client.get(surgery.url).content.decode()
    assert ">Join the waiting list</button>" in html and ">Book my place</button>" not in html
    assert ">Offer to help</button>" in html  # helpers' places are not full


def test_the_page_has_schema_org_event_data(client, surgery):
    html = client.get(surgery.url).content.decode()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == surgery.title
    assert data["startDate"] == surgery.starts_at.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Kingstanding Library"
    assert data["isAccessibleForFree"] is True


def test_schema_org_data_cannot_break_out_of_its_script(client, make_surgery):
    surgery = make_surgery(title="</script><script>alert(1)</script>")
    html = client.get(surgery.url).content.decode()
    assert "<script>alert(1)" not in html
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(raw)["name"] == surgery.title


def test_a_centre_as_venue_is_linked_and_used_for_the_address(client, make_surgery, place):
    centre = place.add_child(
        instance=CommunityCentrePage(
            title="Kingstanding Community Centre", address="1 Hawthorn Road\nBirmingham", postcode="B44 8QR"
        )
    )
    surgery = make_surgery(venue=centre, venue_address="")
    assert surgery.location_text() == "Kingstanding Community Centre, 1 Hawthorn Road, Birmingham, B44 8QR"
    html = client.get(surgery.url).content.decode()
    assert f'href="{centre.url}"' in html
    assert [s.pk for s in upcoming_surgeries_at(centre)] == [surgery.pk]


def test_ends_before_it_starts_is_an_error(place):
    start = timezone.now()
    surgery = SurgeryPage(title="Oops", slug="oops", starts_at=start, ends_at=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        surgery.full_clean()
    assert "ends_at" in error.value.message_dict


def test_surgeries_only_go_under_places():
    utils = WagtailTestUtils()
    from wagtail.test.utils import WagtailPageTestCase

    case = WagtailPageTestCase()
    case.assertAllowedParentPageTypes(SurgeryPage, {PlacePage})
    case.assertAllowedSubpageTypes(SurgeryPage, {})
    assert utils


def test_upcoming_lists_cancelled_surgeries_marked_and_past_lists_only_those_that_happened(
    client, make_surgery
):
    make_surgery(title="Next week")
    make_surgery(title="Called off", status="cancelled", days=3)
    make_surgery(title="Last month", days=-30)
    make_surgery(title="Cancelled last month", days=-31, status="cancelled")
    upcoming = client.get(reverse("surgeries:upcoming")).content.decode()
    assert upcoming.index("Called off") < upcoming.index("Next week")
    assert "Cancelled</strong>" in upcoming
    assert "Last month" not in upcoming
    past = client.get(reverse("surgeries:past")).content.decode()
    assert "Last month" in past and "Cancelled last month" not in past and "Next week" not in past


def test_a_surgery_card_reads_the_same_on_the_listing_and_on_its_place(client, make_surgery, place):
    make_surgery(title="Called off", status="cancelled", venue_address="")
    listing = client.get(reverse("surgeries:place_upcoming", args=[place.pk])).content.decode()
    place_page = client.get(place.url).content.decode()
    for html in (listing, place_page):
        card = re.search(r'<li class="card surgery-card[^"]*">.*?</li>', html, re.S).group(0)
        assert "surgery-card--cancelled" in card
        assert "Cancelled</strong>" in card
        assert "Place to be confirmed" in card
    # Headings follow each page's outline: under the listing's h1, under the place's section h2.
    assert '<h2 class="card__title">' in listing and '<h3 class="card__title">' in place_page


def test_place_listings_include_places_below_and_nothing_else(client, make_surgery, place, home_page):
    street = place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    elsewhere = home_page.add_child(instance=PlacePage(title="Handsworth", slug="handsworth"))
    make_surgery(title="Kingstanding surgery")
    make_surgery(title="Kings Road surgery", parent=street)
    make_surgery(title="Handsworth surgery", parent=elsewhere)
    html = client.get(reverse("surgeries:place_upcoming", args=[place.pk])).content.decode()
    assert "Kingstanding surgery" in html and "Kings Road surgery" in html
    assert "Handsworth surgery" not in html
    assert "Upcoming surgeries in Kingstanding" in html
    assert [s.title for s in upcoming_surgeries(place, limit=1)] == ["Kingstanding surgery"]


def test_listings_handle_bad_input(client, surgery):
    assert client.get(reverse("surgeries:upcoming"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("surgeries:past"), {"page": "999"}).status_code == 200
    assert client.get(reverse("surgeries:place_upcoming", args=[999999])).status_code == 404
    assert client.get(reverse("surgeries:place_past", args=[surgery.pk])).status_code == 404


def test_listings_are_paginated(client, make_surgery):
    for number in range(22):
        make_surgery(title=f"Surgery number {number}", days=number + 1)
    first = client.get(reverse("surgeries:upcoming")).content.decode()
    assert "Page 1 of 2" in first and "Surgery number 19<" in first and "Surgery number 20<" not in first
    second = client.get(reverse("surgeries:upcoming"), {"page": 2}).content.decode()
    assert "Surgery number 21<" in second


def test_drafts_and_private_surgeries_are_not_listed(client, make_surgery):
    draft = make_surgery(title="Draft surgery")
    draft.unpublish()
    assert b"Draft surgery" not in client.get(reverse("surgeries:upcoming")).content
    assert b"Draft surgery" not in client.get(reverse("surgeries:site_ical")).content


@pytest.mark.parametrize("count", [1, 25])
def test_surgery_page_query_count_does_not_grow_with_bookings(
    client, make_surgery, count, django_assert_max_num_queries
):
    surgery = make_surgery(attendee_capacity=10)
    Booking.objects.bulk_create(
        Booking(surgery=surgery, role="attend", name=f"P{n}", email=f"p{n}@example.com", status="booked")
        for n in range(count)
    )
    client.get(surgery.url)
    with django_assert_max_num_queries(SURGERY_PAGE_CEILING):
        assert client.get(surgery.url).status_code == 200


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize("name", ["surgeries:upcoming", "surgeries:past", "surgeries:site_ical"])
def test_listing_query_count_does_not_grow_with_surgeries(
    client, make_surgery, place, count, name, django_assert_max_num_queries
):
    centre = place.add_child(
        instance=CommunityCentrePage(title="Centre", address="1 Road", postcode="B44 8QR")
    )
    for number in range(count):
        days = -(number + 1) if name == "surgeries:past" else number + 1
        make_surgery(days=days, venue=centre if number % 2 else None)
    url = reverse(name)
    client.get(url)
    with django_assert_max_num_queries(LISTING_CEILING):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"Social media surgery") >= min(count, 20)


@pytest.mark.parametrize("count", [1, 25])
def test_place_listing_query_ceiling(client, make_surgery, place, count, django_assert_max_num_queries):
    for number in range(count):
        make_surgery(days=number + 1)
    url = reverse("surgeries:place_upcoming", args=[place.pk])
    client.get(url)
    with django_assert_max_num_queries(LISTING_CEILING):
        assert client.get(url).status_code == 200


def test_a_new_surgery_can_be_previewed_before_it_is_saved(rf, place):
    start = timezone.now() + timedelta(days=3)
    surgery = SurgeryPage(title="New", slug="new", starts_at=start, ends_at=start + timedelta(hours=2))
    request = rf.get("/")
    context = surgery.get_context(request)
    assert context["places_left"] == {"attend": 10, "help": 5}
    assert context["booking_closed_reason"] is None
