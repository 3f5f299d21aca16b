"""Helpers register once to help across the network: the form, double opt-in, the email from the
right town, and organisers who see only the helpers of their own towns."""

import re

from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache

import pytest

from cms.tests.shared_data import copy_for_the_test, kept_for_the_module
from home.models import Town
from surgeries.models import NetworkHelper

from .conftest import DUDLEY, WALSALL, add_town, make_network

pytestmark = pytest.mark.django_db

FORM = "/network/helpers/"
NETWORK_HOST = "network.example.org"


@pytest.fixture(autouse=True)
def forget_rate_limits():
    cache.clear()


@pytest.fixture(scope="module")
def three_sites(django_db_setup, django_db_blocker, tmp_path_factory):
    """The network's own site (the default Site), Walsall (own site, own sender) and Dudley (own
    site), built once for the module's tests."""
    media = tmp_path_factory.mktemp("network-helpers")
    with kept_for_the_module(django_db_blocker, media):
        make_network()
        add_town("Walsall", "walsall", "--hostname", WALSALL, "--sender-email", "hello@walsall.example.org")
        add_town("Dudley", "dudley", "--hostname", DUDLEY)
        towns = {town.slug: town for town in Town.objects.select_related("root_page", "organisers")}
        yield {"media": media, "towns": towns}


@pytest.fixture
def towns(three_sites, db, settings):
    return copy_for_the_test(three_sites, settings)["towns"]


def form_data(towns, *slugs, **extra):
    data = {
        "name": "Priya",
        "email": "Priya@Example.com",
        "can_offer": "Facebook pages and newsletters, one Saturday a month",
        "towns": [towns[slug].root_page_id for slug in slugs],
        "website": "",
    }
    data.update(extra)
    return data


def register(client, django_capture_on_commit_callbacks, data, host=NETWORK_HOST, **headers):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(FORM, data, HTTP_HOST=host, **headers)


def confirm_link(message):
    return re.search(r"http://(\S+?)(/surgeries/helpers/confirm/\S+/)", message.body).groups()


def organiser(town, django_user_model, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(town.organisers)
    return user


def test_the_form_offers_every_town_and_sets_no_cookie(client, towns):
    response = client.get(FORM, HTTP_HOST=NETWORK_HOST)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Volunteer as a helper across the network" in body
    for town in towns.values():
        assert f'value="{town.root_page_id}"' in body and town.name in body
    assert "csrfmiddlewaretoken" not in body
    assert response.cookies == {}


def test_registering_stores_a_pending_offer_and_emails_a_link_on_the_town_of_the_website_used(
    client, towns, django_capture_on_commit_callbacks
):
    response = register(
        client, django_capture_on_commit_callbacks, form_data(towns, "walsall", "dudley"), DUDLEY
    )

    assert response.status_code == 302 and response["Location"] == "/network/helpers/sent/"
    helper = NetworkHelper.objects.get()
    assert helper.status == NetworkHelper.Status.PENDING
    assert helper.email == "priya@example.com"
    assert set(helper.towns.values_list("pk", flat=True)) == {
        towns["walsall"].root_page_id,
        towns["dudley"].root_page_id,
    }
    (message,) = mail.outbox
    assert message.to == ["priya@example.com"]
    assert "Dudley, Walsall" in message.body
    # Sent on Dudley's website, which they chose: Dudley's host writes to them.
    host, _path = confirm_link(message)
    assert host == DUDLEY
    assert response.cookies == {}
    assert client.get("/network/helpers/sent/", HTTP_HOST=DUDLEY).status_code == 200


def test_the_email_comes_from_the_first_chosen_town_when_the_form_was_on_another_website(
    client, towns, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall"), NETWORK_HOST)

    (message,) = mail.outbox
    host, _path = confirm_link(message)
    assert host == WALSALL
    assert message.from_email == "hello@walsall.example.org"  # Walsall's own sender address


def test_confirming_makes_the_offer_count_and_a_second_offer_replaces_the_first(
    client, towns, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall"))
    host, path = confirm_link(mail.outbox[0])

    page = client.get(path, HTTP_HOST=host)
    assert page.status_code == 200 and b"Confirm my offer" in page.content
    assert NetworkHelper.objects.get().status == NetworkHelper.Status.PENDING  # a GET changes nothing

    done = client.post(path, HTTP_HOST=host)
    assert done.status_code == 200 and b"can now see your offer" in done.content
    assert NetworkHelper.objects.get().status == NetworkHelper.Status.CONFIRMED

    register(client, django_capture_on_commit_callbacks, form_data(towns, "dudley"))
    assert NetworkHelper.objects.confirmed().count() == 1  # the new choice waits for its own confirmation
    client.post(confirm_link(mail.outbox[1])[1], HTTP_HOST=DUDLEY)
    (helper,) = NetworkHelper.objects.confirmed()
    assert list(helper.towns.values_list("pk", flat=True)) == [towns["dudley"].root_page_id]


def test_a_link_we_did_not_make_is_refused_with_a_message(client, towns):
    response = client.get("/surgeries/helpers/confirm/12:nonsense:abc/", HTTP_HOST=WALSALL)
    assert response.status_code == 400
    assert b"not complete, not valid or too old" in response.content


def test_a_cross_site_post_is_refused_and_nothing_is_stored_or_sent(
    client, towns, django_capture_on_commit_callbacks
):
    data = form_data(towns, "walsall")
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        response = register(client, django_capture_on_commit_callbacks, data, **headers)
        assert response.status_code == 403
        assert b"This form was sent from another website" in response.content
    assert not NetworkHelper.objects.exists()
    assert mail.outbox == []
    same_site = register(
        client, django_capture_on_commit_callbacks, data, HTTP_ORIGIN=f"http://{NETWORK_HOST}"
    )
    assert same_site.status_code == 302


@pytest.mark.parametrize(
    "change, message",
    [
        ({"towns": []}, "Choose at least one town."),
        ({"towns": ["999999"]}, "Choose towns from the list."),
        ({"towns": ["walsall"]}, "Choose towns from the list."),
        ({"email": "not an address"}, "Enter an email address like name@example.com."),
        ({"name": ""}, "Enter your name, so organisers know who is offering."),
        ({"can_offer": ""}, "Tell us what you can help with."),
    ],
)
def test_bad_input_gets_a_400_with_a_clear_message(
    client, towns, django_capture_on_commit_callbacks, change, message
):
    response = register(client, django_capture_on_commit_callbacks, {**form_data(towns, "walsall"), **change})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not NetworkHelper.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_and_the_rate_limit(client, towns, django_capture_on_commit_callbacks):
    spam = register(
        client, django_capture_on_commit_callbacks, form_data(towns, "walsall", website="http://spam")
    )
    assert spam.status_code == 302
    assert not NetworkHelper.objects.exists()
    for _ in range(4):
        register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall"))
    limited = register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall"))
    assert limited.status_code == 429
    assert b"Please wait an hour" in limited.content
    assert NetworkHelper.objects.count() == 4


def confirmed_helper(name, *town_pages):
    helper = NetworkHelper.objects.create(
        name=name, email=f"{name.lower()}@example.com", can_offer="Instagram", status="confirmed"
    )
    helper.towns.set(town_pages)
    return helper


def test_organisers_see_only_the_confirmed_helpers_of_their_own_towns(client, towns, django_user_model):
    walsall, dudley = towns["walsall"], towns["dudley"]
    confirmed_helper("Both", walsall.root_page, dudley.root_page)
    confirmed_helper("Walsallonly", walsall.root_page)
    confirmed_helper("Dudleyonly", dudley.root_page)
    NetworkHelper.objects.create(name="Unconfirmed", email="u@example.com", can_offer="x").towns.set(
        [walsall.root_page]
    )
    url = "/admin/network-helpers/"

    client.force_login(organiser(walsall, django_user_model, "wendy"))
    body = client.get(url).content.decode()
    assert "Both" in body and "Walsallonly" in body
    assert "Dudleyonly" not in body and "Unconfirmed" not in body

    client.force_login(organiser(dudley, django_user_model, "dev"))
    body = client.get(url).content.decode()
    assert "Both" in body and "Dudleyonly" in body and "Walsallonly" not in body

    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    body = client.get(url).content.decode()
    assert all(name in body for name in ("Both", "Walsallonly", "Dudleyonly"))

    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)


def test_offers_never_confirmed_are_forgotten_once_their_link_has_run_out(towns):
    from datetime import timedelta

    from django.utils import timezone

    from surgeries.tasks import delete_expired_personal_data

    old = timezone.now() - timedelta(days=15)
    stale = NetworkHelper.objects.create(name="Stale", email="s@example.com", can_offer="x", created_at=old)
    fresh = NetworkHelper.objects.create(name="Fresh", email="f@example.com", can_offer="x")
    kept = confirmed_helper("Kept", towns["walsall"].root_page)
    NetworkHelper.objects.filter(pk=kept.pk).update(created_at=old)

    delete_expired_personal_data.call()

    assert set(NetworkHelper.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not NetworkHelper.objects.filter(pk=stale.pk).exists()
