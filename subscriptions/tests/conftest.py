"""Fixtures for the subscriptions tests: a newsletter with an issue, subscribers, a real SMTP server."""

import asyncio
import datetime
import logging
import socket
import time

from django.utils import timezone

import pytest

from newsletters.models import PostPage, PublicationPage
from subscriptions.models import Subscriber


@pytest.fixture
def newsletter(place):
    watch = PublicationPage(
        title="Kingstanding Watch",
        slug="watch",
        kind=PublicationPage.Kind.NEWSLETTER,
        contact_email="watch@example.org",
    )
    place.add_child(instance=watch)
    return watch


@pytest.fixture
def blog(place):
    centre_news = PublicationPage(title="Centre news", slug="centre-news", kind=PublicationPage.Kind.BLOG)
    place.add_child(instance=centre_news)
    return centre_news


def issue_body(picture):
    body = [
        {"type": "heading", "value": {"text": "Dates for your diary", "level": "h2"}},
        {"type": "paragraph", "value": '<p>See <a href="/kingstanding/">Kingstanding</a> news.</p>'},
        {
            "type": "news_item",
            "value": {"headline": "New bins", "text": "<p>Brown bins from March.</p>", "link": ""},
        },
        {
            "type": "safety_alert",
            "value": {
                "title": "Fake water board callers",
                "details": "<p>Ask for ID.</p>",
                "how_to_report": "Call 101.",
                "report_link": "https://www.actionfraud.police.uk/",
            },
        },
        {
            "type": "event",
            "value": {
                "title": "Watch meeting",
                "date": "2026-03-04",
                "start_time": "19:00:00",
                "end_time": "20:30:00",
                "place": "Community centre",
                "about": "",
            },
        },
        {
            "type": "useful_numbers",
            "value": {
                "title": "Useful numbers",
                "numbers": [{"label": "Police", "number": "101", "note": ""}],
            },
        },
        {"type": "quote", "value": {"text": "Lovely street.", "attribution": "Pat"}},
        {
            "type": "button",
            "value": {"text": "Join the Watch", "page": None, "url": "https://example.org/join"},
        },
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "Courier scams",
                "caption": "",
            },
        },
    ]
    if picture is not None:
        body.append(
            {
                "type": "image",
                "value": {
                    "image": {"image": picture.pk, "alt_text": "Houses on Kings Road.", "decorative": False},
                    "caption": "Kings Road in spring",
                },
            }
        )
    return body


def add_issue(publication, title="March 2026", picture=None, live=True):
    post = PostPage(
        title=title,
        date=datetime.date(2026, 3, 1),
        intro="<p>Bins, a scam warning and the next meeting.</p>",
        body=issue_body(picture),
        lead_image=picture,
        live=live,
    )
    publication.add_child(instance=post)
    return post


@pytest.fixture
def issue(newsletter, picture):
    return add_issue(newsletter, picture=picture)


def make_subscribers(publication, count, status=Subscriber.Status.CONFIRMED, prefix="reader"):
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        Subscriber(
            publication=publication,
            email=f"{prefix}{number}@example.org",
            status=status,
            consent_text="Email me each issue.",
            consented_at=now,
            confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        )
        for number in range(count)
    )


@pytest.fixture
def subscribers(newsletter):
    return make_subscribers(newsletter, 5)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """An aiosmtpd handler that keeps every message and can refuse or slow down chosen ones."""

    def __init__(self, delay=0.0):
        self.messages = []
        self.arrived = []  # time.monotonic() of each message, in the same order
        self.refuse = {}  # address -> (code, text) for RCPT TO
        self.delay = delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            code, text = self.refuse[address]
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        self.arrived.append(time.monotonic())
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 for the test, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command slows big sends
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def client(django_capture_on_commit_callbacks):
    """A test client whose requests run their on-commit hooks (queued tasks), as in production."""
    from django.test import Client

    class CommittingClient(Client):
        def request(self, **request):
            with django_capture_on_commit_callbacks(execute=True):
                return super().request(**request)

    return CommittingClient()
