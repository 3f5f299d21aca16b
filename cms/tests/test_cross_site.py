"""The cross-site check on the public forms, on a stand-in view: what is let through and what is refused."""

from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from cms.cross_site import same_site_forms_only

pytestmark = pytest.mark.django_db

calls = []


@same_site_forms_only
def form_view(request):
    calls.append(request.method)
    return HttpResponse("done")


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def post(**headers):
    return form_view(RequestFactory().post("/form/", {"a": "b"}, **headers))


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # our host, but not the scheme we are served on
        {"HTTP_ORIGIN": "null"},  # sandboxed frames and some redirects hide where they came from
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_a_post_a_browser_marks_as_from_another_site_is_refused_with_a_clear_page(headers):
    response = post(**headers)
    assert response.status_code == 403
    assert calls == []
    html = response.content.decode()
    assert "This form was sent from another website" in html
    assert "nothing was booked, signed up, cancelled or changed" in html
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed in or from a bookmark
        {},  # curl, a mail provider's one-click unsubscribe, an old browser
    ],
)
def test_a_post_from_our_own_pages_or_from_no_browser_page_is_let_through(headers):
    assert post(**headers).content == b"done"
    assert calls == ["POST"]


def test_origins_trusted_in_settings_are_let_through(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://news.example.org", "https://*.example.net"]
    assert post(HTTP_ORIGIN="https://news.example.org").status_code == 200
    assert post(HTTP_ORIGIN="https://kingstanding.example.net").status_code == 200
    assert post(HTTP_ORIGIN="https://example.org").status_code == 403


def test_reading_pages_is_never_refused():
    response = form_view(RequestFactory().get("/form/", HTTP_SEC_FETCH_SITE="cross-site"))
    assert response.content == b"done"
