import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

import pytest

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
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/kingstanding/" in xml
    assert "draft-place" not in xml


def test_production_settings_pass_the_deployment_checklist():
    # The browser tests allow sync ORM calls beside Playwright's event loop; production does not.
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-real-secret-key-with-more-than-fifty-random-characters-0123456789-xyz",
        "ALLOWED_HOSTS": "patchwork.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
