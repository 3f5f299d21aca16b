"""Fast straight from Django: kept-open database connections, gzipped public pages, QR codes drawn once."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

import pytest

from cms import qr

REPOSITORY = Path(__file__).resolve().parents[2]


def setting(expression, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in environment and not key.startswith(("DATABASE_CONN", "FRONTEND_CACHE", "PUBLIC_CACHE"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.base", **environment})
    output = subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", f"from django.conf import settings; print({expression})"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.strip()


def test_database_connections_are_kept_for_a_minute_unless_the_environment_says_otherwise():
    assert setting("settings.DATABASES['default']['CONN_MAX_AGE']") == "60"
    assert setting("settings.DATABASES['default']['CONN_MAX_AGE']", DATABASE_CONN_MAX_AGE="0") == "0"
    assert "| `DATABASE_CONN_MAX_AGE` | `60` |" in (REPOSITORY / "README.md").read_text()


def test_a_front_cache_address_turns_on_purging_and_long_shared_lifetimes():
    assert setting("settings.PUBLIC_CACHE_S_MAXAGE") == "300"
    assert setting("settings.WAGTAILFRONTENDCACHE") == "{}"
    two = "http://10.0.0.5:6081,http://10.0.0.6:6081"
    assert setting("settings.PUBLIC_CACHE_S_MAXAGE", FRONTEND_CACHE_URL=two) == "21600"
    locations = setting(
        "sorted(c['LOCATION'] for c in settings.WAGTAILFRONTENDCACHE.values())", FRONTEND_CACHE_URL=two
    )
    assert locations == "['http://10.0.0.5:6081', 'http://10.0.0.6:6081']"


@pytest.mark.django_db
def test_public_pages_are_gzipped_and_still_answer_304(client, place):
    response = client.get(place.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Kingstanding" in gzip.decompress(response.content)
    etag = response["ETag"]
    again = client.get(place.url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


@pytest.mark.django_db
def test_pages_for_signed_in_people_are_not_compressed(client, place, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "not-used")
    client.force_login(editor)
    for url in (place.url, "/admin/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url


def test_a_public_qr_code_is_drawn_once(monkeypatch):
    cache.clear()
    drawn = []
    real = qr.qr_code_svg

    def counting(*args, **kwargs):
        drawn.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(qr, "qr_code_svg", counting)
    first = qr.public_qr_code_svg("https://news.example.org/watch/issue-1/", "QR code")
    second = qr.public_qr_code_svg("https://news.example.org/watch/issue-1/", "QR code")
    other = qr.public_qr_code_svg("https://news.example.org/watch/issue-2/", "QR code")
    assert first == second and first.startswith("<svg") and 'aria-label="QR code"' in first
    assert other != first
    assert drawn == ["https://news.example.org/watch/issue-1/", "https://news.example.org/watch/issue-2/"]
