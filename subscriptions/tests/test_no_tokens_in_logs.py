"""Confirm and unsubscribe links never reach the log, whatever happens to them."""

import re

from django.core import mail
from django.urls import reverse

import pytest

from cms.tests.logs import site_log


@pytest.mark.django_db
def test_signing_up_confirming_and_unsubscribing_log_no_token(client, newsletter):
    with site_log() as log:
        client.post(
            reverse("subscriptions:subscribe", args=[newsletter.pk]),
            {"email": "pat@example.org", "name": "Pat", "source": "http://testserver/kingstanding/watch/"},
        )
        confirm = re.search(r"http://testserver(/subscriptions/confirm/\S+/)", mail.outbox[0].body).group(1)
        client.get(confirm)
        client.post(confirm)
        token = confirm.split("/")[-2]
        wrong_use = client.get(f"/subscriptions/unsubscribe/{token}/")  # refused: 4xx, logged
    assert wrong_use.status_code >= 400
    written = log.getvalue()
    assert "/subscriptions/unsubscribe/[hidden]/" in written
    assert token not in written
