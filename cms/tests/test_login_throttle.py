"""Guessing admin passwords: a few failures lock the account, many lock the address, for a while."""

import time
from unittest import mock

import pytest

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("mariam", "mariam@example.org", PASSWORD)


@pytest.fixture
def settings_limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    settings.LOGIN_LOCKOUT_MINUTES = 15
    return settings


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, editor, settings_limits):
    # Early in a minute, so a slow run cannot spread the guesses over two of the counter's minutes.
    early_in_a_minute = time.time() // 60 * 60 + 5
    with mock.patch("cms.login_throttle.time.time", return_value=early_in_a_minute):
        for _ in range(5):
            response = sign_in(client, "mariam", "wrong")
            assert response.status_code == 200
            assert not signed_in(client)

        response = sign_in(client, "mariam", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    assert int(response["Retry-After"]) > 14 * 60
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "try again after" in page
    assert "(in 15 minutes)" in page


@pytest.mark.django_db
def test_the_account_count_ignores_case_and_spaces_and_other_addresses(client, editor, settings_limits):
    for attempt, name in enumerate(["mariam", "Mariam", " MARIAM ", "mariam", "mAriam"]):
        sign_in(client, name, "wrong", ip=f"198.51.100.{attempt + 1}")

    response = sign_in(client, "mariam", PASSWORD, ip="192.0.2.99")

    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_lock_lifts_once_the_failures_are_older_than_the_window(client, editor, settings_limits):
    start = time.time()
    with mock.patch("cms.login_throttle.time.time", return_value=start):
        for _ in range(5):
            sign_in(client, "mariam", "wrong")
        assert sign_in(client, "mariam", PASSWORD).status_code == 429

    with mock.patch("cms.login_throttle.time.time", return_value=start + 16 * 60):
        response = sign_in(client, "mariam", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_signing_in_clears_the_account_count(client, editor, settings_limits):
    for _ in range(4):
        sign_in(client, "mariam", "wrong")
    assert sign_in(client, "mariam", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        sign_in(client, "mariam", "wrong")
    response = sign_in(client, "mariam", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_many_failures_from_one_address_lock_every_account_from_it(
    client, editor, django_user_model, settings_limits
):
    for number in range(20):
        sign_in(client, f"guess{number}", "wrong", ip="203.0.113.7")

    refused = sign_in(client, "mariam", PASSWORD, ip="203.0.113.7")
    assert refused.status_code == 429
    assert not signed_in(client)

    allowed = sign_in(client, "mariam", PASSWORD, ip="192.0.2.1")
    assert allowed.status_code == 302


@pytest.mark.django_db
def test_ipv6_callers_are_counted_per_64_network(client, editor, settings_limits):
    for number in range(20):
        sign_in(client, f"guess{number}", "wrong", ip=f"2001:db8:1:2::{number + 1:x}")

    same_network = sign_in(client, "mariam", PASSWORD, ip="2001:db8:1:2:ffff::1")
    assert same_network.status_code == 429

    other_network = sign_in(client, "mariam", PASSWORD, ip="2001:db8:1:3::1")
    assert other_network.status_code == 302


@pytest.mark.django_db
def test_limits_come_from_settings(client, editor, settings_limits):
    settings_limits.LOGIN_FAILURES_PER_ACCOUNT = 2
    sign_in(client, "mariam", "wrong")
    assert sign_in(client, "mariam", PASSWORD).status_code == 302
    client.logout()

    sign_in(client, "mariam", "wrong")
    sign_in(client, "mariam", "wrong")
    assert sign_in(client, "mariam", PASSWORD).status_code == 429
