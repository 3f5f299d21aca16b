"""Anonymous readers get public pages from Django's page cache and see each change at once."""

import datetime
import gzip
import re

from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms import page_cache
from home.models import CommunityCentrePage, OpeningHoursException, PlacePage, SiteSettings
from newsletters.models import PostPage, PublicationPage
from surgeries.bookings import remember_confirmed_address
from surgeries.models import SurgeryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, demo_site):
    """The demo town, with the page cache on as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    return demo_site


def english(model):
    return model.objects.live().public().filter(locale__language_code="en-gb").order_by("path")


@pytest.fixture
def place_url(cached):
    return english(PlacePage).first().url


def visit(client, path, method="get", **headers):
    """(response, number of queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **headers)
    return response, len(queries)


def from_cache(response):
    # A stored answer says how long it has been kept, as any HTTP cache does.
    return response.has_header("Age")


def rendered(response):
    # Drawn from its templates for this request (a page read again may need no query to draw).
    return bool(response.templates)


def text(response):
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, place_url):
    first, queries = visit(client, place_url)
    assert first.status_code == 200 and queries > 0 and not from_cache(first)
    second, queries = visit(client, place_url)
    assert second.status_code == 200 and from_cache(second)
    assert queries == 0
    assert second.content == first.content


def test_a_hit_keeps_every_header_of_the_rendered_page_and_sets_no_cookie(client, place_url):
    rendered = client.get(place_url, HTTP_ACCEPT_ENCODING="gzip")
    hit = client.get(place_url, HTTP_ACCEPT_ENCODING="gzip")
    assert from_cache(hit)
    assert {name: value for name, value in hit.headers.items() if name != "Age"} == dict(rendered.headers)
    for header in ("Content-Security-Policy", "Permissions-Policy", "Content-Language", "ETag"):
        assert hit.has_header(header), header
    assert "X-Content-Type-Options" in hit.headers  # added by SecurityMiddleware, above the cache
    assert "public" in hit["Cache-Control"] and "s-maxage" in hit["Cache-Control"]
    assert not hit.cookies and "Set-Cookie" not in hit.headers
    assert not client.cookies


def test_gzip_and_identity_readers_each_get_their_own_body(client, place_url):
    client.get(place_url, HTTP_ACCEPT_ENCODING="gzip, br")
    client.get(place_url)
    compressed, queries = visit(client, place_url, HTTP_ACCEPT_ENCODING="gzip, br")
    plain, more_queries = visit(client, place_url)
    assert from_cache(compressed) and from_cache(plain) and queries == more_queries == 0
    assert compressed["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(compressed.content) == plain.content


def test_a_conditional_get_of_a_stored_page_gets_a_304(client, place_url):
    etag = client.get(place_url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    answer, queries = visit(client, place_url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and queries == 0
    assert answer["ETag"] == etag and not answer.content


def test_a_conditional_get_of_a_page_not_yet_stored_gets_a_304_and_stores_the_page(client, place_url):
    etag = Client().get(place_url)["ETag"]
    page_cache.forget_everything()
    answer = client.get(place_url, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and not answer.content
    full, queries = visit(client, place_url)
    assert full.status_code == 200 and queries == 0 and full["ETag"] == etag


def test_head_gets_the_headers_and_no_body(client, place_url):
    page = client.get(place_url)
    head, queries = visit(client, place_url, method="head")
    assert head.status_code == 200 and queries == 0 and head.content == b""
    assert head["Content-Length"] == page["Content-Length"] == str(len(page.content))
    assert head["Content-Type"] == page["Content-Type"]


def test_a_signed_in_editor_never_gets_a_stored_page_and_never_fills_the_cache(
    client, place_url, django_user_model
):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    client.get(place_url)  # stored for readers
    theirs = editor.get(place_url)
    assert not from_cache(theirs) and rendered(theirs)
    assert "private" in theirs["Cache-Control"]

    page_cache.forget_everything()
    visit(editor, place_url)
    reader = client.get(place_url)
    assert not from_cache(reader) and rendered(reader)


def test_a_request_with_a_cookie_or_credentials_is_passed_on(client, place_url):
    client.get(place_url)
    for headers in (
        {"HTTP_COOKIE": "csrftoken=abc"},
        {"HTTP_COOKIE": "theme=dark"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
    ):
        answer = Client().get(place_url, **headers)
        assert answer.status_code == 200 and not from_cache(answer) and rendered(answer), headers


def test_a_search_finding_nothing_and_the_admin_are_never_stored(client, cached):
    # (A search that finds something is kept like a page: search/tests/test_search.py.)
    for path in ("/search/?query=zyzzyva", "/admin/", "/admin/login/"):
        client.get(path)
        answer = Client().get(path)
        assert not from_cache(answer), path
    assert "no-store" in client.get("/search/?query=zyzzyva")["Cache-Control"]


def test_a_draft_an_editor_previews_never_reaches_readers(client, cached, django_user_model):
    post = english(PostPage).first()
    published_title = post.title
    post.title = "A draft nobody should see yet"
    post.save_revision()
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    draft = editor.get(f"/admin/pages/{post.pk}/view_draft/")
    assert draft.status_code == 200 and "A draft nobody should see yet" in draft.content.decode()
    for _ in range(2):
        reader = client.get(post.url)
        assert published_title in text(reader)
        assert "A draft nobody should see yet" not in text(reader)
    assert from_cache(reader)


def test_a_published_post_shows_on_its_publication_page_at_once(
    client, cached, django_capture_on_commit_callbacks
):
    publication = english(PublicationPage).first()
    client.get(publication.url)
    assert from_cache(client.get(publication.url))
    post = PostPage(
        title="Bins go fortnightly",
        slug="bins-go-fortnightly",
        date=datetime.date.today(),
        intro="<p>From next month.</p>",
        live=False,
    )
    publication.add_child(instance=post)
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert "Bins go fortnightly" in text(client.get(publication.url))


def places_left(response):
    return re.search(r"(\d+) places? left", text(response)).group(1)


def bookable_surgery():
    """An upcoming surgery taking bookings with more than one place left to attend."""
    for surgery in english(SurgeryPage).filter(starts_at__gt=timezone.now()):
        if surgery.booking_closed_reason() is None:
            found = re.search(r"(\d+) places? left", text(Client().get(surgery.url)))
            if found and int(found.group(1)) > 1:
                return surgery
    raise AssertionError("The demo town has no surgery with places left")


def test_a_booking_updates_the_places_left_at_once(client, cached, django_capture_on_commit_callbacks):
    surgery = bookable_surgery()
    before = places_left(client.get(surgery.url))
    assert from_cache(client.get(surgery.url))
    remember_confirmed_address("newcomer@example.com")
    form = {
        "attend-name": "Maureen",
        "attend-email": "newcomer@example.com",
        "attend-organisation_name": "Kingstanding Neighbourhood Watch",
        "attend-organisation_kind": "neighbourhood_watch",
        "attend-topics": ["newsletter"],
        "attend-other_topic": "",
        "attend-website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        booked = Client().post(f"/surgeries/{surgery.pk}/book/attend/", form, REMOTE_ADDR="10.0.0.9")
    assert booked.status_code in (200, 302)
    assert int(places_left(client.get(surgery.url))) == int(before) - 1


def test_a_change_to_a_centres_hours_shows_at_once(client, cached, django_capture_on_commit_callbacks):
    centre = english(CommunityCentrePage).first()
    client.get(centre.url)
    assert from_cache(client.get(centre.url))
    soon = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        OpeningHoursException.objects.create(
            page=centre, starts_on=soon, reason="Boiler repairs", closed=True
        )
    assert "Boiler repairs" in text(client.get(centre.url))


def test_new_site_settings_show_on_every_page_at_once(client, place_url, django_capture_on_commit_callbacks):
    client.get("/")
    client.get(place_url)
    site_settings = SiteSettings.for_request(RequestFactory().get("/"))
    site_settings.organisation_name = "Kingstanding Together"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    for path in ("/", place_url):
        assert "Kingstanding Together" in text(client.get(path)), path


def test_a_page_rendered_while_it_is_purged_is_not_kept(cached, place_url):
    request = RequestFactory().get(place_url)
    stored_page = page_cache.CachedPage(request)
    rendered = Client().get(place_url)  # the page as it was read before the change
    page_cache.forget_urls([f"http://testserver{place_url}"])  # a booking committed meanwhile
    stored_page.store(rendered, 300)
    assert page_cache.CachedPage(request).stored() is None


def test_the_cache_is_off_when_page_cache_seconds_is_0(client, place_url, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(place_url)
    answer = client.get(place_url)
    assert not from_cache(answer) and rendered(answer)


def test_hiding_an_authors_name_takes_it_off_cached_pages_at_once(
    client, cached, django_capture_on_commit_callbacks
):
    """A writer who withdraws their agreement is not left named on pages the cache kept."""

    post = next(post for post in english(PostPage) if post.authors.filter(show_publicly=True).exists())
    author = post.authors.get(show_publicly=True)
    byline = f'/authors/{author.slug}/">{author.name}</a>'  # the post links to the author's page
    assert byline in text(client.get(post.url))
    assert from_cache(client.get(post.url))
    author.show_publicly = False
    with django_capture_on_commit_callbacks(execute=True):
        author.save()
    assert byline not in text(client.get(post.url))
