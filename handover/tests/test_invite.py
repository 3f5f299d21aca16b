"""The invitation link: choose a password once, within 14 days; plain words when it cannot be used."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from handover.models import Invite

pytestmark = pytest.mark.django_db

GOOD = "kettle orchard lantern"


def choose(client, invite, first=GOOD, second=None):
    return client.post(
        invite.get_absolute_url(),
        {"new_password1": first, "new_password2": first if second is None else second},
    )


def test_the_link_shows_the_password_form_without_setting_a_cookie(client, set_up):
    response = client.get(set_up.invite.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert "Choose a password" in html and "maureen-lewis" in html and "csrfmiddlewaretoken" not in html


def test_choosing_a_password_logs_in_and_lands_on_the_welcome_page(client, set_up):
    response = choose(client, set_up.invite)
    assert response.status_code == 302 and response.url == reverse("handover_newcomers:welcome")
    user = set_up.newcomer
    user.refresh_from_db()
    assert user.check_password(GOOD)
    set_up.invite.refresh_from_db()
    assert set_up.invite.is_used

    welcome = client.get(response.url)
    html = welcome.content.decode()
    assert welcome.status_code == 200
    for step in ("Add your group", "Write your first post", "Publish it", "Share the link", "subscribe"):
        assert step in html
    post = set_up.publication.get_children().get()
    assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in html
    assert set_up.publication.full_url in html


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short", None, "too short"),
        ("password123", None, "too common"),
        ("83920174652", None, "entirely numeric"),
        (GOOD, "something else", "two passwords are different"),
    ],
)
def test_weak_or_mismatched_passwords_are_explained(client, set_up, first, second, message):
    response = choose(client, set_up.invite, first, second)
    assert response.status_code == 400
    assert message in response.content.decode()
    set_up.invite.refresh_from_db()
    assert not set_up.invite.is_used
    assert not set_up.newcomer.__class__.objects.get(pk=set_up.newcomer.pk).has_usable_password()


def test_a_used_link_says_so(set_up):
    assert choose(Client(), set_up.invite).status_code == 302
    for method in ("get", "post"):
        response = getattr(Client(), method)(set_up.invite.get_absolute_url())
        assert response.status_code == 410
        html = response.content.decode()
        assert "already been used" in html and "ask your helper" in html.lower()
    # The second attempt did not change the password.
    assert choose(Client(), set_up.invite, "another fine phrase").status_code == 410


def test_an_expired_link_says_so_and_names_the_helper(client, set_up):
    Invite.objects.filter(pk=set_up.invite.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(set_up.invite.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "expired" in html and "Ask your helper for a fresh one" in html and "Sam Helper" in html
    assert choose(client, set_up.invite).status_code == 410


def test_an_expired_link_states_the_lifetime_links_really_have(client, set_up, monkeypatch):
    monkeypatch.setattr("handover.views.INVITE_LIFETIME", timedelta(days=10))
    Invite.objects.filter(pk=set_up.invite.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Links work for 10 days." in client.get(set_up.invite.get_absolute_url()).content.decode()


def test_a_link_works_for_fourteen_days(client, set_up):
    Invite.objects.filter(pk=set_up.invite.pk).update(
        created_at=timezone.now() - timedelta(days=13, hours=23)
    )
    assert client.get(set_up.invite.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "x" * 500, "%00"])
def test_an_unknown_link_is_a_plain_404(client, set_up, token):
    response = client.get(
        reverse("handover:invite", kwargs={"token": "placeholder"}).replace("placeholder", token)
    )
    assert response.status_code == 404
    assert "We do not recognise this invitation link" in response.content.decode()


def test_an_old_link_stops_working_when_a_fresh_one_is_made(set_up):
    from handover.setup import issue_invite

    old_url = set_up.invite.get_absolute_url()
    fresh = issue_invite(set_up)
    assert Client().get(old_url).status_code == 410
    assert Client().get(fresh.get_absolute_url()).status_code == 200


def test_too_many_tries_are_refused(client, set_up, monkeypatch):
    monkeypatch.setattr("handover.views.INVITE_ATTEMPTS_PER_HOUR", 2)
    for _ in range(2):
        assert choose(client, set_up.invite, "short").status_code == 400
    assert choose(client, set_up.invite).status_code == 429


def test_the_invitation_page_is_cheap(client, set_up, django_assert_max_num_queries):
    """One query for the invitation; the rest is the site's shared header and navigation."""
    with django_assert_max_num_queries(12):
        assert client.get(set_up.invite.get_absolute_url()).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_the_form_at_once_use_the_link_once(place, surgery, helper):
    """The row lock in ``accept`` lets exactly one of two simultaneous submissions through."""
    import threading

    from django.db import connection

    from handover.forms import ChoosePasswordForm
    from handover.setup import set_up_newcomer
    from handover.views import accept

    from .conftest import newcomer_details

    record = set_up_newcomer(newcomer_details(place, surgery=surgery, email=""), helper)
    invite = record.invite
    results, start = [], threading.Barrier(2)

    def send(password):
        try:
            form = ChoosePasswordForm(invite.user, {"new_password1": password, "new_password2": password})
            assert form.is_valid()
            start.wait()
            results.append(accept(Invite.objects.get(pk=invite.pk), form))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(p,)) for p in ("kettle orchard lantern", "teapot river hedge")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is not None for result in results) == 1
    invite.refresh_from_db()
    assert invite.is_used


def test_the_welcome_page_is_in_the_language_chosen_at_set_up(client, place, surgery, helper):
    from handover.setup import set_up_newcomer

    from .conftest import newcomer_details

    record = set_up_newcomer(newcomer_details(place, surgery=surgery, preferred_language="ur"), helper)
    response = choose(client, record.invite)
    assert response.status_code == 302
    welcome = client.get(response.url)
    html = welcome.content.decode()
    assert welcome.status_code == 200
    # Wagtail switches the admin to the newcomer's preferred language once they are logged in.
    assert 'lang="ur"' in html and 'dir="rtl"' in html
    assert "خوش آمدید، Maureen" in html  # "Welcome, Maureen"
    assert "اسے شائع کریں" in html  # "Publish it"
