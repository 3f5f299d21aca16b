"""A helper who offered to help across the network withdraws the offer with the link in their
confirmation email: asked first, then gone from organisers' lists with nothing of theirs kept."""

import re

from django.core import mail

import pytest

from surgeries.models import NetworkHelper

from . import test_network_helpers as helpers_tests
from .test_network_helpers import DUDLEY, NETWORK_HOST, WALSALL, confirm_link, form_data, organiser, register

# The network helper tests' towns (the network's site, Walsall and Dudley) and fresh rate limits.
three_sites, towns = helpers_tests.three_sites, helpers_tests.towns  # built once for this module too
forget_rate_limits = helpers_tests.forget_rate_limits

pytestmark = pytest.mark.django_db

HELPERS_LIST = "/admin/network-helpers/"


def withdraw_link(message):
    """(host, path) of the withdraw link, found in both the text and the HTML of the email."""
    html = message.alternatives[0][0] if message.alternatives else ""
    text_link = re.search(r"http://(\S+?)(/surgeries/helpers/withdraw/\S+/)", message.body).groups()
    assert f'href="http://{text_link[0]}{text_link[1]}"' in html
    return text_link


@pytest.fixture
def confirmed(client, towns, django_capture_on_commit_callbacks):
    """Priya, who offered to help in Walsall and Dudley and confirmed; the email she keeps."""
    register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall", "dudley"), WALSALL)
    (message,) = mail.outbox
    host, path = confirm_link(message)
    client.post(path, HTTP_HOST=host)
    assert NetworkHelper.objects.confirmed().count() == 1
    return message


def test_the_confirmation_email_offers_a_link_to_withdraw_on_the_towns_own_host(confirmed):
    host, _path = withdraw_link(confirmed)
    assert host == WALSALL
    assert "withdraw your offer at any time" in confirmed.body


def test_withdrawing_asks_first_then_organisers_stop_seeing_the_helper_and_her_details_go(
    client, towns, confirmed, django_user_model
):
    host, path = withdraw_link(confirmed)
    wendy = organiser(towns["walsall"], django_user_model, "wendy")

    asked = client.get(path, HTTP_HOST=host)
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Withdraw your offer to help?" in body and "Dudley, Walsall" in body and "Priya" in body
    assert asked.cookies == {}
    assert "csrfmiddlewaretoken" not in body  # a plain form: works without JavaScript or a cookie
    assert "no-cache" in asked["Cache-Control"] and asked["Referrer-Policy"] == "no-referrer"
    assert NetworkHelper.objects.count() == 1  # a mail scanner following the link changes nothing

    client.force_login(wendy)
    assert "Priya" in client.get(HELPERS_LIST).content.decode()
    client.logout()

    done = client.post(path, HTTP_HOST=host)
    assert done.status_code == 200
    assert "Your offer to help is withdrawn" in done.content.decode()
    assert done.cookies == {}
    assert not NetworkHelper.objects.filter(email="priya@example.com").exists()

    client.force_login(wendy)
    assert "Priya" not in client.get(HELPERS_LIST).content.decode()
    client.logout()

    # Pressing the button twice (or an old tab) changes nothing and says the same.
    again = client.post(path, HTTP_HOST=host)
    assert again.status_code == 200 and "Your offer to help is withdrawn" in again.content.decode()
    later = client.get(path, HTTP_HOST=host)
    assert later.status_code == 404 and "withdrawn already" in later.content.decode()


def test_withdrawing_takes_back_a_newer_offer_not_yet_confirmed_too(
    client, towns, confirmed, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, form_data(towns, "dudley"), DUDLEY)
    assert NetworkHelper.objects.count() == 2
    host, path = withdraw_link(confirmed)
    client.post(path, HTTP_HOST=host)
    assert not NetworkHelper.objects.exists()


def test_a_withdraw_link_we_did_not_make_is_refused_with_a_message(client, towns, confirmed):
    host, path = withdraw_link(confirmed)
    token = path.rstrip("/").rsplit("/", 1)[1]
    helper_id = token.split(":")[0]
    for bad in (f"{int(helper_id) + 1}:{token.split(':')[1]}", "nonsense", token[:-2]):
        response = client.post(f"/surgeries/helpers/withdraw/{bad}/", HTTP_HOST=host)
        assert response.status_code == 400, bad
        assert "not complete or not valid" in response.content.decode()
    # The confirm link is no withdraw link, nor the other way round.
    assert (
        client.get(confirm_link(confirmed)[1].replace("confirm", "withdraw"), HTTP_HOST=host).status_code
        == 400
    )
    assert NetworkHelper.objects.count() == 1


def test_a_cross_site_post_cannot_withdraw_someones_offer(client, towns, confirmed):
    host, path = withdraw_link(confirmed)
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        response = client.post(path, HTTP_HOST=host, **headers)
        assert response.status_code == 403
    assert NetworkHelper.objects.confirmed().count() == 1
    same_site = client.post(path, HTTP_HOST=host, HTTP_ORIGIN=f"http://{host}")
    assert same_site.status_code == 200


def test_the_withdraw_page_is_in_the_helpers_language(client, towns, django_capture_on_commit_callbacks):
    """The link is made in the language the helper registered in, so the page opens in it."""
    register(client, django_capture_on_commit_callbacks, form_data(towns, "walsall"), NETWORK_HOST)
    helper = NetworkHelper.objects.get()
    NetworkHelper.objects.filter(pk=helper.pk).update(language="pl")
    from surgeries.tasks import network_helper_withdraw_url

    helper.refresh_from_db()
    assert "/pl/surgeries/helpers/withdraw/" in network_helper_withdraw_url(helper)
