"""Production refuses to "send" mail nowhere, and no log line carries a link's secret token."""

import logging

import pytest

from cms.checks import email_is_really_sent
from cms.log_redaction import hide_tokens

from .logs import site_log
from .production import check_deploy

SECRET = "MTIz:1uXyZk:Qv3rYs3cr3tT0k3nV4lu3"


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    ],
)
def test_production_without_a_real_email_backend_is_an_error(settings, backend):
    settings.DEBUG = False
    settings.ALLOW_UNDELIVERED_EMAIL = False
    settings.EMAIL_BACKEND = backend
    errors = email_is_really_sent(None)
    assert [error.id for error in errors] == ["patchwork.E001"]
    assert "EMAIL_HOST" in errors[0].hint


def test_smtp_in_production_and_the_console_in_development_pass(settings):
    settings.DEBUG = False
    settings.ALLOW_UNDELIVERED_EMAIL = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert email_is_really_sent(None) == []
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert email_is_really_sent(None) == []


def test_production_settings_refuse_to_start_without_email_host():
    """With EMAIL_HOST the same settings pass the checklist (cms/tests/test_http.py)."""
    refused = check_deploy(without=["EMAIL_HOST"])
    assert refused.returncode != 0
    assert "patchwork.E001" in refused.stderr


@pytest.mark.parametrize(
    "path",
    [
        f"/surgeries/cancel/{SECRET}/",
        f"/surgeries/helpers/withdraw/{SECRET}/",
        f"/subscriptions/confirm/{SECRET}/",
        f"/subscriptions/unsubscribe/{SECRET}/",
        f"/welcome/{SECRET}/",
        f"/en-gb/welcome/{SECRET}/",
        f"/admin/password_reset/confirm/MTIz/{SECRET}/",
        f"/subscriptions/confirm/?token={SECRET}",
    ],
)
def test_tokens_in_logged_paths_are_hidden(path):
    assert SECRET not in hide_tokens(f'"GET {path} HTTP/1.1" 404 179')
    assert "[hidden]" in hide_tokens(path)


def test_ordinary_paths_are_left_alone():
    line = '"GET /kingstanding/watch/march-2026/ HTTP/1.1" 200 5120'
    assert hide_tokens(line) == line


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/surgeries/cancel/{SECRET}/",
        f"/surgeries/helpers/withdraw/{SECRET}/",
        f"/subscriptions/confirm/{SECRET}/",
        f"/subscriptions/unsubscribe/{SECRET}/",
        f"/welcome/{SECRET}/",
    ],
)
def test_a_refused_secret_link_is_logged_without_its_token(client, path):
    """Django logs every 4xx with its path; the token must not be in that line."""
    with site_log() as log:
        response = client.get(path)
        client.post(path, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code >= 400
    written = log.getvalue()
    assert "[hidden]" in written  # the request was logged ...
    assert SECRET not in written  # ... without its secret


def test_a_logged_exception_is_redacted_too():
    logger = logging.getLogger("cms.tests")
    with site_log() as log:
        try:
            raise ValueError(f"could not open /surgeries/cancel/{SECRET}/")
        except ValueError:
            logger.exception("Failed while handling a link")
    assert "Failed while handling a link" in log.getvalue()
    assert SECRET not in log.getvalue()
