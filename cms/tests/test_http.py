from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

import pytest

from .production import check_deploy

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_publicly_cacheable(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]
    assert response.has_header("ETag")
    assert not response.cookies


def test_a_second_request_with_the_etag_gets_304(client, home_page):
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_pages_for_logged_in_editors_are_never_stored_by_shared_caches(client, home_page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_pages_send_a_strict_content_security_policy(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_unknown_address_gets_a_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"can\xe2\x80\x99t find that page" in response.content
    assert b'role="search"' in response.content


def test_500_page_needs_no_context_or_database():
    html = render_to_string("500.html")
    assert "Sorry, something went wrong" in html


def test_robots_txt_points_at_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_live_public_pages_only(client, home_page, place):
    from home.models import PlacePage

    home_page.add_child(instance=PlacePage(title="Draft Place", slug="draft-place", live=False))
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "http://testserver/kingstanding/" in xml
    assert "draft-place" not in xml


def test_production_settings_pass_the_deployment_checklist():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_warns_when_its_processes_share_no_cache():
    """Without REDIS_URL a change made by the scheduler or the task worker would not reach the
    menus, translations and view restrictions the web processes keep: the checklist says so."""
    result = check_deploy(without=["REDIS_URL"])
    assert result.returncode != 0
    assert "patchwork.W001" in result.stderr and "Set REDIS_URL" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "/surgeries/place/99999999999999999999999/calendar.ics",
        "/feeds/places/99999999999999999999999/rss/",
        "/centres/99999999999999999999999/hire-a-room/",
        "/subscriptions/99999999999999999999999/",
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(client, home_page, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT", "PROPFIND"])
def test_trace_and_unknown_methods_are_refused_on_every_url(client, place, method):
    for url in ("/", place.url, "/surgeries/", "/surgeries/calendar.ics", "/ur/search/", "/admin/login/"):
        response = client.generic(method, url, data="secret-header-echo")
        assert response.status_code == 405, (method, url)
        assert "GET" in response["Allow"]
        assert b"secret-header-echo" not in response.content


def test_every_response_carries_a_permissions_policy(client, place):
    from django.contrib.auth import get_user_model

    urls = ("/", place.url, "/surgeries/calendar.ics", "/no-such-page/", "/robots.txt", "/admin/login/")
    responses = [client.get(url) for url in urls] + [client.generic("TRACE", "/")]
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    responses.append(client.get("/admin/"))
    for response in responses:
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert f"{feature}=()" in policy
        # The click-to-load videos still play full screen.
        for feature in ("fullscreen", "autoplay", "picture-in-picture"):
            assert feature not in policy


def vary(response):
    return {field.strip().lower() for field in response.get("Vary", "").split(",") if field.strip()}


def test_pages_do_not_vary_by_the_browser_language_because_the_url_chooses_it(client, place):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    urdu_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="ur,en;q=0.5")
    # An Urdu browser gets the same British English page (no redirect), so one cached copy serves both.
    assert urdu_browser.status_code == 200
    assert urdu_browser["Content-Language"] == english["Content-Language"] == "en-gb"
    assert urdu_browser.content == english.content
    for url in (
        "/",
        place.url,
        "/surgeries/",
        "/surgeries/calendar.ics",
        "/search/?q=bins",
        "/no-such-page/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ur")
        assert "accept-language" not in vary(response), url
    # Translations live under their prefix and still come out in their language.
    urdu = client.get("/ur/search/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert urdu.status_code == 200
    assert urdu["Content-Language"] == "ur"
    assert "accept-language" not in vary(urdu)
    # The cookie still splits the cache: logged-in readers never get an anonymous copy.
    assert "cookie" in vary(client.get("/"))
