"""A booking's cancel link never reaches the log, whatever happens to it."""

import re

from django.core import mail

import pytest

from cms.tests.logs import site_log

pytestmark = pytest.mark.django_db


def test_booking_and_cancelling_log_no_cancel_token(client, book, surgery):
    with site_log() as log:
        book(surgery)
        path = re.search(r"http://testserver(/surgeries/cancel/\S+/)", mail.outbox[0].body).group(1)
        client.get(path)
        client.post(path)
        used = client.post(path)  # a used link is refused (4xx), and Django logs the refusal
    token = path.split("/")[-2]
    assert used.status_code >= 400
    written = log.getvalue()
    assert "/surgeries/cancel/[hidden]/" in written
    assert token not in written
