"""Fixtures for the surgeries tests: a published surgery in Kingstanding and a booking helper."""

from datetime import datetime, timedelta

from django.core import mail
from django.utils import timezone

import pytest

from surgeries.bookings import remember_confirmed_address
from surgeries.models import SurgeryPage


def publish(page):
    page.save_revision().publish()
    return SurgeryPage.objects.get(pk=page.pk)


@pytest.fixture
def make_surgery(place):
    """make_surgery(days=7, **fields): a live surgery below ``place`` (or ``parent=``)."""
    counter = {"n": 0}

    def make(days=7, hours=2, parent=None, starts_at=None, **fields):
        counter["n"] += 1
        start = starts_at or (timezone.now() + timedelta(days=days)).replace(microsecond=0)
        fields.setdefault("title", f"Social media surgery {counter['n']}")
        fields.setdefault("venue_address", "Kingstanding Library\nKingstanding Road\nB44 9ER")
        surgery = SurgeryPage(starts_at=start, ends_at=start + timedelta(hours=hours), **fields)
        (parent or place).add_child(instance=surgery)
        return publish(surgery)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what was queued for after the commit (emails) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def surgery(make_surgery):
    return make_surgery(title="Social media surgery, Kingstanding", attendee_capacity=2, helper_capacity=1)


@pytest.fixture
def attend_data():
    def data(email="maureen@example.com", **extra):
        values = {
            "attend-name": "Maureen",
            "attend-email": email,
            "attend-organisation_name": "Kingstanding Neighbourhood Watch",
            "attend-organisation_kind": "neighbourhood_watch",
            "attend-topics": ["newsletter", "facebook"],
            "attend-other_topic": "",
            "attend-website": "",
        }
        values.update(extra)
        return values

    return data


@pytest.fixture
def help_data():
    def data(email="sam@example.com", **extra):
        values = {
            "help-name": "Sam",
            "help-email": email,
            "help-topics": ["website"],
            "help-can_offer": "WordPress",
            "help-website": "",
        }
        values.update(extra)
        return values

    return data


@pytest.fixture
def book(client, attend_data, help_data, django_capture_on_commit_callbacks):
    """book(surgery, email, role="attend") posts the form like a browser and returns the response.

    Emails queued for after the commit are sent before it returns. The booker has
    confirmed their address before (a returning booker, whose booking is instant);
    pass ``confirmed=False`` for a first-time booker, whose seat is only held.
    """

    def post(surgery, email="maureen@example.com", role="attend", confirmed=True, **extra):
        if confirmed:
            remember_confirmed_address(email)
        data = attend_data(email, **extra) if role == "attend" else help_data(email, **extra)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/surgeries/{surgery.pk}/book/{role}/", data, REMOTE_ADDR=f"10.0.{len(email)}.9"
            )

    return post


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox = []


def london(*args):
    """A wall-clock time in the site's time zone (Europe/London, as the calendar tests expect)."""
    return datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def wagtail_rows(transactional_db):
    """Wagtail's root page, locale, collection and site, which a transactional test's flush removes."""
    from wagtail.models import Collection, Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", root_page=Page.get_first_root_node(), is_default_site=True)
