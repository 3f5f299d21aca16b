"""Sign-up, confirm and unsubscribe refuse posts a browser marks as sent from another website."""

from django.urls import reverse

import pytest

from subscriptions import signup
from subscriptions.models import Subscriber
from subscriptions.tokens import confirm_token, unsubscribe_token

pytestmark = pytest.mark.django_db

HOSTILE = {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"}
OURS = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def sign_up(client, newsletter, **headers):
    data = {"email": "pat@example.org", "name": "Pat", "source": ""}
    return client.post(reverse("subscriptions:subscribe", args=[newsletter.pk]), data, **headers)


def test_a_hostile_page_cannot_sign_its_visitors_up(client, newsletter):
    response = sign_up(client, newsletter, **HOSTILE)
    assert response.status_code == 403
    assert not Subscriber.objects.exists()
    assert not response.cookies
    assert sign_up(client, newsletter, **OURS).status_code == 302
    assert Subscriber.objects.count() == 1


def test_a_hostile_page_cannot_confirm_or_unsubscribe_with_a_leaked_link(client, newsletter):
    subscriber = signup.sign_up(newsletter, "pat@example.org")
    confirm = reverse("subscriptions:confirm", args=[confirm_token(subscriber)])
    assert client.post(confirm, **HOSTILE).status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert client.post(confirm, **OURS).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    unsubscribe = reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscriber)])
    assert client.post(unsubscribe, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    # A mail provider's RFC 8058 one-click post carries no browser headers and still works.
    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
