"""Bookers keep the language they booked in: confirmation, reminder and waiting-list emails use it."""

import re

from django.core import mail
from django.utils import translation

from wagtail.models import Locale

import pytest

from surgeries.bookings import remember_confirmed_address
from surgeries.models import Booking
from surgeries.tasks import send_with_calendar

pytestmark = pytest.mark.django_db

URDU_TITLE = "سوشل میڈیا سرجری، کنگسٹینڈنگ"


@pytest.fixture
def urdu_surgery(surgery):
    urdu = surgery.copy_for_translation(
        Locale.objects.get_or_create(language_code="ur")[0], copy_parents=True
    )
    urdu.title = URDU_TITLE
    urdu.save_revision().publish()
    return urdu


def html_tag(message):
    html = {kind: body for body, kind in message.alternatives}["text/html"]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', re.search(r"<html\b([^>]*)>", html).group(1)))


def book_in(client, language_prefix, surgery, attend_data, committed, email="maureen@example.com"):
    remember_confirmed_address(email)
    with committed():
        return client.post(f"{language_prefix}/surgeries/{surgery.pk}/book/attend/", attend_data(email))


def test_an_urdu_booking_is_confirmed_in_urdu_right_to_left(client, urdu_surgery, attend_data, committed):
    assert book_in(client, "/ur", urdu_surgery, attend_data, committed).status_code == 200

    assert Booking.objects.get().language == "ur"
    [message] = mail.outbox
    assert message.subject == f"بکنگ ہو گئی: {URDU_TITLE}"
    assert html_tag(message) == {"lang": "ur", "dir": "rtl"}


def test_an_english_booking_stays_english(client, surgery, attend_data, committed):
    book_in(client, "", surgery, attend_data, committed)

    assert Booking.objects.get().language == "en-gb"
    assert mail.outbox[-1].subject == f"Booked: {surgery.title}"
    assert html_tag(mail.outbox[-1]) == {"lang": "en-gb", "dir": "ltr"}


def test_later_emails_use_the_bookers_language_whatever_the_worker_speaks(
    client, urdu_surgery, attend_data, committed
):
    book_in(client, "/ur", urdu_surgery, attend_data, committed)
    booking = Booking.objects.select_related("surgery").get()
    mail.outbox = []
    with translation.override("pl"):
        send_with_calendar("surgeries/email/reminder", booking)
        send_with_calendar("surgeries/email/place_offered", booking)
    for message in mail.outbox:
        assert html_tag(message) == {"lang": "ur", "dir": "rtl"}
        assert URDU_TITLE in message.subject
        assert re.search(
            r"[\u0600-\u06ff]", message.subject.replace(URDU_TITLE, "")
        )  # the words are Urdu too
