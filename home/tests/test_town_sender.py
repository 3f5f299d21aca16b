"""A town's own sender address (Settings > Site settings) is the From of every email about its content;
a town without one sends from DEFAULT_FROM_EMAIL."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from cms.mail import build_email
from home.models import HomePage, PlacePage, SiteSettings, Town
from newsletters.models import PublicationPage
from subscriptions import signup
from subscriptions.rendering import sender
from surgeries import bookings
from surgeries.models import Role, SurgeryPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_towns")]

NETWORK_FROM = "Patchwork <network@example.org>"


@pytest.fixture
def two_towns():
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Patchwork network", slug="network"))
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "network.example.org", "port": 80, "root_page": home}
    )
    cache.clear()
    call_command(
        "add_town",
        "Walsall",
        "walsall",
        "--hostname",
        "walsall.example.org",
        "--sender-email",
        "hello@walsall.example.org",
        stdout=StringIO(),
    )
    call_command("add_town", "Dudley", "dudley", "--hostname", "dudley.example.org", stdout=StringIO())
    return {town.slug: town for town in Town.objects.select_related("root_page")}


def town_home(slug):
    return Town.objects.get(slug=slug).root_page.specific


def live(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def surgery_in(slug):
    place = live(town_home(slug), PlacePage(title=f"{slug} centre", slug="centre"))
    start = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    return live(
        place,
        SurgeryPage(
            title=f"{slug} surgery",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue_address="Library",
        ),
    )


@override_settings(DEFAULT_FROM_EMAIL=NETWORK_FROM)
def test_mail_about_each_towns_pages_comes_from_that_towns_address():
    walsall, dudley = town_home("walsall"), town_home("dudley")
    template = "surgeries/email/network_helper_confirm"
    context = {"helper": {"name": "Priya"}, "towns": ["Walsall"], "confirm_url": "x"}

    assert (
        build_email(template, context, ["a@example.com"], page=walsall).from_email
        == "hello@walsall.example.org"
    )
    assert build_email(template, context, ["a@example.com"], page=dudley).from_email == NETWORK_FROM
    assert build_email(template, context, ["a@example.com"]).from_email == NETWORK_FROM  # about no page
    # An explicit From still wins.
    assert (
        build_email(template, context, ["a@"], page=walsall, from_email="x@example.org").from_email
        == "x@example.org"
    )

    # Setting Dudley's address in its settings counts from the next email.
    settings = SiteSettings.for_site(Site.objects.get(hostname="dudley.example.org"))
    settings.sender_email = "hi@dudley.example.org"
    settings.save()
    assert (
        build_email(template, context, ["a@example.com"], page=dudley).from_email == "hi@dudley.example.org"
    )


@override_settings(DEFAULT_FROM_EMAIL=NETWORK_FROM)
def test_booking_emails_come_from_the_surgerys_town(django_capture_on_commit_callbacks):
    for slug in ("walsall", "dudley"):
        surgery = surgery_in(slug)
        with django_capture_on_commit_callbacks(execute=True):
            bookings.book(surgery.pk, Role.ATTEND, {"name": "Pat", "email": f"pat@{slug}.example.com"})
    walsall_mail, dudley_mail = mail.outbox
    assert walsall_mail.from_email == "hello@walsall.example.org"
    assert "http://walsall.example.org/" in walsall_mail.body
    assert dudley_mail.from_email == NETWORK_FROM


@override_settings(DEFAULT_FROM_EMAIL=NETWORK_FROM)
def test_newsletter_mail_keeps_the_newsletters_name_on_its_towns_address(django_capture_on_commit_callbacks):
    newsletters = {
        slug: live(
            town_home(slug),
            PublicationPage(title=f"{slug.title()} News", slug="news", kind=PublicationPage.Kind.NEWSLETTER),
        )
        for slug in ("walsall", "dudley")
    }
    assert sender(newsletters["walsall"])[0] == "Walsall News <hello@walsall.example.org>"
    assert sender(newsletters["dudley"])[0] == "Dudley News <network@example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        signup.sign_up(newsletters["walsall"], "reader@example.com")
    (confirmation,) = mail.outbox
    assert confirmation.from_email == "Walsall News <hello@walsall.example.org>"
