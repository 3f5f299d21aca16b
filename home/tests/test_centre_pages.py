"""Centre, place and home pages: what they show, with and without optional data, and their query counts."""

from datetime import date, timedelta

from django.utils import timezone

import pytest

from home.models import CommunityCentrePage, PlacePage
from newsletters.models import PostPage, PublicationPage
from surgeries.models import SurgeryPage

from .conftest import build_centre

pytestmark = pytest.mark.django_db

# Routing, settings, breadcrumbs, translations, the page's hours, exceptions, rooms,
# room photos and their renditions, timetable, facilities, publications, posts and
# surgeries, and the publication each post card names: the same for 1 room, activity and post as for 30.
CENTRE_PAGE_QUERY_CEILING = 31
# Routing, settings, breadcrumbs, translations, sub-places, centres, posts, surgeries,
# publications (with their view restrictions) and the publication each post card names
# (25 today).
PLACE_PAGE_QUERY_CEILING = 25


def add_posts(parent, count, slug="centre-news"):
    publication = parent.add_child(instance=PublicationPage(title="Centre news", slug=slug, kind="blog"))
    for number in range(count):
        publication.add_child(
            instance=PostPage(
                title=f"News item {number}",
                slug=f"news-{number}",
                date=date(2030, 1, 1) + timedelta(days=number),
                intro="<p>What happened at the centre this week.</p>",
            )
        )
    return publication


def add_surgeries(place, venue, count):
    start = timezone.now() + timedelta(days=7)
    for number in range(count):
        place.add_child(
            instance=SurgeryPage(
                title=f"Social media surgery {number}",
                slug=f"surgery-{number}",
                starts_at=start + timedelta(days=number),
                ends_at=start + timedelta(days=number, hours=2),
                venue=venue,
            )
        )


def test_full_centre_page_shows_everything(client, centre, frozen_now):
    add_posts(centre, 2)
    add_surgeries(centre.get_parent().specific, centre, 1)
    response = client.get(centre.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Kingstanding Community Centre",
        "Kingstanding Circle<br>",
        "B44 9QH",
        'href="tel:01214960123"',
        "mailto:centre@example.org",
        "Step-free access",
        "Hearing loop",
        "Blue Badge bays by the main door.",
        "Free Wi-Fi",
        "Kitchen",
        "Toddler group",
        "Kingstanding Parents&#x27; Network",
        "Main hall",
        "Holds 60 people",
        "80 square metres",
        "£15.00",
        "Free",
        "News item 1",
        "Read all of Centre news",
        "Social media surgery 0",
        "Ask about hiring a room",
    ]:
        assert text in html, text
    assert "https://www.openstreetmap.org/search?query=Kingstanding+Circle" in html
    assert html.count("<img ") >= 2  # two photos of the room


def test_room_rates_leave_out_hirers_it_is_not_offered_to(client, centre, frozen_now):
    html = client.get(centre.url).content.decode()
    assert "Charity or community group" in html
    assert '<th scope="row">Business</th>' not in html


def test_map_link_points_at_the_door_when_coordinates_are_given(place, frozen_now, client):
    from decimal import Decimal

    centre = build_centre(place, slug="with-map", latitude=Decimal("52.55042"), longitude=Decimal("-1.88821"))
    assert centre.map_url == (
        "https://www.openstreetmap.org/?mlat=52.550420&mlon=-1.888210#map=18/52.550420/-1.888210"
    )
    assert centre.map_url.replace("&", "&amp;") in client.get(centre.url).content.decode()


def test_bare_centre_page_renders_without_optional_data(client, bare_centre, frozen_now):
    response = client.get(bare_centre.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please phone or email the centre for its opening hours." in html
    assert "Closed now" in html or "Closed today" in html
    assert "No regular activities are listed yet." in html
    assert "Please contact the centre to ask about access" in html
    assert "Rooms for hire" not in html
    assert '<form class="enquiry-form"' not in html
    assert "tel:" not in html and "mailto:" not in html


def test_centre_page_is_cacheable_and_cookie_free(client, centre, frozen_now):
    response = client.get(centre.url)
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'action="/centres/{centre.pk}/hire-a-room/"' in html
    assert 'style="' not in html


def test_a_draft_preview_keeps_the_editors_unsaved_rooms(centre, rf, frozen_now):
    from home.models import CentreRoom

    centre.rooms.add(CentreRoom(name="Unsaved snug", capacity=6))
    request = rf.get("/")
    request.is_preview = True
    context = centre.get_context(request)
    assert "Unsaved snug" in [room.name for room in context["page"].rooms.all()]


@pytest.mark.parametrize("count", [1, 30])
def test_centre_page_query_count_does_not_grow(
    client, place, count, frozen_now, django_assert_max_num_queries
):
    centre = build_centre(place, rooms=count, activities=count)
    add_posts(centre, count)
    add_surgeries(place, centre, count)
    client.get(centre.url)  # warm per-process caches (content types, site root paths, renditions)
    with django_assert_max_num_queries(CENTRE_PAGE_QUERY_CEILING):
        response = client.get(centre.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card room-card"') == count


def test_place_page_shows_whats_on_here(client, place, frozen_now):
    centre = build_centre(place)
    add_posts(place, 2, slug="watch")
    add_surgeries(place, centre, 2)
    place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    elsewhere = place.get_parent().add_child(instance=PlacePage(title="Digbeth", slug="digbeth"))
    add_posts(elsewhere, 1, slug="elsewhere-news")
    html = client.get(place.url).content.decode()
    assert "Latest news in Kingstanding" in html and "News item 1" in html
    assert "Surgeries in Kingstanding" in html and "Social media surgery 1" in html
    assert "Community centres in Kingstanding" in html and "Kingstanding Community Centre" in html
    assert "Places in Kingstanding" in html and "Kings Road" in html
    assert html.count("News item 0") == 1  # the other place's post is not here


def test_place_page_with_nothing_below_it_says_so(client, place):
    html = client.get(place.url).content.decode()
    assert "Nothing has been posted yet." in html
    assert "No surgeries are planned yet." in html
    assert "Community centres in" not in html


def test_place_page_links_its_feeds(client, place):
    from django.urls import reverse

    html = client.get(place.url).content.decode()
    for name, kind in [
        ("newsletters:place_rss", "application/rss+xml"),
        ("newsletters:place_atom", "application/atom+xml"),
        ("surgeries:place_ical", "text/calendar"),
    ]:
        url = reverse(name, args=[place.pk])
        assert f'type="{kind}"' in html and f'href="{url}"' in html, name
        if kind == "text/calendar":
            # In <head>, and visibly as a webcal:// link that calendar apps subscribe to.
            assert html.count(f'href="{url}"') == 1, name
            assert html.count(f'href="webcal://testserver{url}"') == 1, name
        else:
            assert html.count(f'href="{url}"') == 2, name  # in <head> and as a visible link


@pytest.mark.parametrize("count", [1, 25])
def test_place_page_query_count_does_not_grow(
    client, place, count, frozen_now, django_assert_max_num_queries
):
    for number in range(count):
        place.add_child(instance=PlacePage(title=f"Street {number}", slug=f"street-{number}"))
        place.add_child(
            instance=CommunityCentrePage(
                title=f"Hall {number}", slug=f"hall-{number}", address="High Street", postcode="B44 9QH"
            )
        )
    add_posts(place, count, slug="watch")
    add_surgeries(place, None, count)
    client.get(place.url)
    with django_assert_max_num_queries(PLACE_PAGE_QUERY_CEILING):
        response = client.get(place.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card centre-card"') == count


def test_home_page_shows_whats_on_across_the_site(client, home_page, place, frozen_now):
    centre = build_centre(place)
    add_posts(centre, 1)
    add_surgeries(place, centre, 1)
    html = client.get("/").content.decode()
    assert "Latest news" in html and "News item 0" in html
    assert "Social media surgery 0" in html and "At Kingstanding Community Centre" in html
    assert "Kingstanding" in html


@pytest.mark.parametrize("count", [1, 25])
def test_home_page_query_count_does_not_grow(
    client, home_page, count, frozen_now, django_assert_max_num_queries
):
    place = home_page.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    add_posts(place, count, slug="watch")
    add_surgeries(place, None, count)
    client.get("/")
    with django_assert_max_num_queries(PLACE_PAGE_QUERY_CEILING):
        assert client.get("/").status_code == 200


def test_centres_within_is_one_query_over_the_tree(place, django_assert_num_queries):
    build_centre(place)
    town = place.get_parent()
    # One for the centres, one that Wagtail's .public() makes for view restrictions.
    with django_assert_num_queries(2):
        assert [centre.title for centre in CommunityCentrePage.within(town)] == [
            "Kingstanding Community Centre"
        ]
