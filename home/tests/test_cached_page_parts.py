"""What public pages keep in the cache between readers is never stale: a change shows on the next request.

Kept in the cache, under one generation (``cms.site_cache.content_version``) that any change
below ends:
- every page view restriction (``cms.visibility.cached_restrictions``): new on saving or
  deleting a restriction, or on moving or deleting a page;
- each page's live translations, for hreflang and the language switcher
  (``cms.templatetags.patchwork_tags.live_translations``): new on any publish or unpublish;
- a centre's hours, exceptions, activities, facilities and rooms with their photos
  (``CommunityCentrePage.prefetch_for_page``): new on publishing, on saving a facility, a
  dated change to the hours or a picture;
- what the home, place and centre pages list (``home.models.listings.cached_listings``): new on
  any publish or unpublish, and kept no longer than the first surgery listed lasts;
- renditions, as Wagtail keeps them (``cms.renditions.prefetch_renditions`` reads them in bulk);
  a picture kept with a listing is kept without them, so renditions drawn later are found.
Production runs the same cache (Redis when REDIS_URL is set), so these tests hold there too.
"""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, PageViewRestriction

import pytest

from home.models import CommunityCentrePage, Facility, OpeningHoursException
from newsletters.models import CARD_RENDITIONS, PostPage, PublicationPage

from .conftest import build_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(place):
    publication = place.add_child(instance=PublicationPage(title="Kingstanding Watch", slug="watch"))
    publication.add_child(
        instance=PostPage(title="Bins go fortnightly", slug="bins", date="2026-03-01", intro="<p>Bins.</p>")
    )
    return publication


def shown_once_published_then_gone(client, url, page, text):
    """Whether ``text`` is on ``url`` on the request after ``page`` is published, and gone on the
    request after it is unpublished."""
    page.save_revision().publish()
    shown = text in client.get(url).content.decode()
    page.refresh_from_db()
    page.unpublish()
    return shown and text not in client.get(url).content.decode()


def test_a_new_restriction_hides_its_pages_from_listings_on_the_next_request(client, place, publication):
    assert "Bins go fortnightly" in client.get(place.url).content.decode()
    restriction = PageViewRestriction.objects.create(page=publication, restriction_type="login")
    assert "Bins go fortnightly" not in client.get(place.url).content.decode()
    restriction.delete()
    assert "Bins go fortnightly" in client.get(place.url).content.decode()


def test_a_published_translation_is_linked_on_the_next_request(client, place):
    assert 'hreflang="ur"' not in client.get(place.url).content.decode()
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    translation = place.copy_for_translation(urdu, copy_parents=True)
    assert shown_once_published_then_gone(client, place.url, translation, 'hreflang="ur"')


def test_a_restricted_translation_is_unlinked_on_the_next_request(client, place):
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    translation = place.copy_for_translation(urdu, copy_parents=True)
    translation.save_revision().publish()
    assert 'hreflang="ur"' in client.get(place.url).content.decode()
    PageViewRestriction.objects.create(page=translation, restriction_type="login")
    assert 'hreflang="ur"' not in client.get(place.url).content.decode()


@pytest.fixture
def centre(place):
    return build_centre(place)


def test_a_centre_shows_a_renamed_facility_on_the_next_request(client, centre):
    assert "Free Wi-Fi" in client.get(centre.url).content.decode()
    facility = Facility.objects.get(name="Free Wi-Fi")
    facility.name = "Wi-Fi for everyone"
    facility.save()
    html = client.get(centre.url).content.decode()
    assert "Wi-Fi for everyone" in html and "Free Wi-Fi" not in html


def test_a_centre_shows_a_published_change_to_its_rooms_on_the_next_request(client, centre):
    assert "Main hall" in client.get(centre.url).content.decode()
    page = CommunityCentrePage.objects.get(pk=centre.pk)
    rooms = list(page.rooms.all())
    rooms[0].name = "Great hall"
    page.rooms = rooms
    page.save_revision().publish()
    html = client.get(centre.url).content.decode()
    assert "Great hall" in html and "Main hall" not in html


def test_a_centre_shows_a_new_closure_on_the_next_request(client, centre, frozen_now):
    client.get(centre.url)
    closed_on = frozen_now.date() + timedelta(days=3)
    OpeningHoursException.objects.create(
        page=centre, starts_on=closed_on, reason="Boiler repairs", closed=True
    )
    assert "Boiler repairs" in client.get(centre.url).content.decode()


def test_a_centre_marks_the_new_day_as_today_the_next_morning(client, centre, frozen_now, monkeypatch):
    """Its hours are drawn once a day: the next day's first reader sees that day marked."""
    from home import hours

    def today_row(html):
        return re.search(r'<tr class="hours__today">\s*<th scope="row">(\w+)', html).group(1)

    first = today_row(client.get(centre.url).content.decode())
    monkeypatch.setattr(hours, "local_now", lambda: frozen_now + timedelta(days=1))
    assert today_row(client.get(centre.url).content.decode()) != first


def test_a_centre_shows_a_room_photo_s_new_alt_text_on_the_next_request(client, centre):
    assert "Chairs set out in rows." in client.get(centre.url).content.decode()
    image = CommunityCentrePage.objects.get(pk=centre.pk).rooms.first().photos.first().image
    image.description = "The hall laid out for a wedding."
    image.save()
    assert "The hall laid out for a wedding." in client.get(centre.url).content.decode()


def test_card_renditions_come_from_the_cache_or_one_query(db):
    """Three pictures' renditions: one query when the cache has forgotten them, none when it has them."""
    from django.core.cache import cache
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    from cms.renditions import prefetch_renditions

    image_model = get_image_model()
    for n in range(3):
        image = image_model.objects.create(
            title=f"Street {n}",
            description="Houses on a street.",
            collection=Collection.get_first_root_node(),
            file=ImageFile(get_test_image_file(size=(960, 540)).file, name=f"street-{n}.png"),
        )
        for spec in CARD_RENDITIONS:
            image.get_rendition(spec)  # drawn once, as a reader's first visit does
    cache.clear()
    cold_images = list(image_model.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as cold:
        prefetch_renditions(cold_images, *CARD_RENDITIONS)
        urls = [image.get_rendition(spec).url for image in cold_images for spec in CARD_RENDITIONS]
    assert len(cold) == 1
    warm_images = list(image_model.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as warm:
        prefetch_renditions(warm_images, *CARD_RENDITIONS)
        assert [image.get_rendition(spec).url for image in warm_images for spec in CARD_RENDITIONS] == urls
    assert len(warm) == 0


def test_a_preview_offers_the_editors_unsaved_room_in_the_enquiry_form(client, centre):
    from home.models import CentreRoom

    assert '<option value="' in client.get(centre.url).content.decode()  # the published form, drawn once
    centre.rooms.add(CentreRoom(name="Unsaved snug", capacity=6))
    preview = centre.make_preview_request().content.decode()
    assert "Unsaved snug</option>" in preview, "the preview's form lists the room being added"
    assert "Unsaved snug" not in client.get(centre.url).content.decode(), "readers still see the live rooms"


def test_a_place_lists_a_newly_published_post_on_the_next_request(client, place, publication):
    assert "Bins go fortnightly" in client.get(place.url).content.decode()
    post = PostPage(title="Library opens late", slug="library", date="2026-03-08", live=False)
    publication.add_child(instance=post)
    assert shown_once_published_then_gone(client, place.url, post, "Library opens late")


def test_listings_are_kept_no_longer_than_the_first_surgery_listed_lasts(place, monkeypatch):
    """At its end a surgery leaves "upcoming", which no publish announces."""
    from types import SimpleNamespace

    from django.utils import timezone

    from home.models import listings

    kept = {}
    monkeypatch.setattr(
        listings.generation_cache(), "set", lambda key, value, seconds: kept.update(seconds=seconds)
    )
    ending = SimpleNamespace(ends_at=timezone.now() + timedelta(minutes=10))
    listings.cached_listings(place, None, lambda: {"upcoming_surgeries": [ending]})
    assert 590 <= kept.pop("seconds") <= 600
    listings.cached_listings(place, None, lambda: {"upcoming_surgeries": []})
    assert kept.pop("seconds") == listings.GENERATION_CACHE_SECONDS


def test_a_listing_kept_before_its_renditions_were_drawn_finds_them_later(client, place, picture):
    """The first reader's listing is kept with no renditions; the next finds those it drew, with no query."""
    publication = place.add_child(instance=PublicationPage(title="Kingstanding Watch", slug="watch"))
    publication.add_child(
        instance=PostPage(title="Bins go fortnightly", slug="bins", date="2026-03-01", lead_image=picture)
    )
    first = client.get(place.url).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert client.get(place.url).content.decode() == first
    assert [query["sql"] for query in second.captured_queries if "rendition" in query["sql"]] == []


def test_the_menu_shows_a_page_published_for_it_on_the_next_request(client, place, home_page):
    from home.models import StandardPage

    assert "About us" not in client.get(place.url).content.decode()
    about = home_page.add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True, live=False)
    )
    about.save_revision().publish()
    assert '<a href="/about/"' in client.get(place.url).content.decode()
