"""A newsletter's subscribers leave with their consent records: the CSV download, for its editors only."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, Site

import pytest

from cms.tests.downloads import downloaded_text
from home.models import HomePage, PlacePage
from newsletters.models import PublicationPage
from subscriptions.models import Subscriber

pytestmark = pytest.mark.django_db

SIGNED_UP = timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 30))
CONFIRMED = timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 45))
LEFT = timezone.make_aware(datetime.datetime(2026, 5, 2, 18, 0))


def editor_of(django_user_model, name, page):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_towns(newsletter, place):
    """Kingstanding's newsletter (``newsletter``) and one in another town on its own host."""
    bilston = Page.get_first_root_node().add_child(instance=HomePage(title="Bilston", slug="bilston"))
    Site.objects.create(hostname="bilston.example.org", port=443, root_page=bilston)
    bilston_place = bilston.add_child(instance=PlacePage(title="Bilston centre", slug="centre"))
    other = PublicationPage(title="Bilston Bugle", slug="bugle", kind=PublicationPage.Kind.NEWSLETTER)
    bilston_place.add_child(instance=other)
    Subscriber.objects.create(
        publication=newsletter,
        email="left@example.org",
        name="Pat",
        status=Subscriber.Status.UNSUBSCRIBED,
        consent_text="Email me each issue of Kingstanding Watch.",
        consented_at=SIGNED_UP,
        source="https://testserver/kingstanding/watch/",
        language="ur",
        confirmed_at=CONFIRMED,
        unsubscribed_at=LEFT,
    )
    Subscriber.objects.create(
        publication=other,
        email="bugle@example.org",
        status=Subscriber.Status.CONFIRMED,
        consent_text="Send me the Bugle.",
        consented_at=SIGNED_UP,
        confirmed_at=CONFIRMED,
    )
    return {"watch": newsletter, "bugle": other, "bilston_place": bilston_place, "kingstanding": place}


def rows_of(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(downloaded_text(response))))


def test_the_download_holds_the_whole_consent_record_and_language(two_towns, django_user_model):
    client = editor_of(django_user_model, "watch", two_towns["kingstanding"])
    [row] = rows_of(
        client.get(reverse("subscriptions_subscribers:newsletter_export", args=[two_towns["watch"].pk]))
    )
    assert row["email"] == "left@example.org" and row["newsletter"] == "Kingstanding Watch"
    assert row["consent_text"] == "Email me each issue of Kingstanding Watch."
    assert row["source"] == "https://testserver/kingstanding/watch/"
    assert row["status"] == "unsubscribed" and row["language"] == "ur"
    for column, moment in (
        ("consented_at", SIGNED_UP),
        ("confirmed_at", CONFIRMED),
        ("unsubscribed_at", LEFT),
    ):
        assert datetime.datetime.fromisoformat(row[column]) == moment, column


def test_another_towns_editor_gets_only_their_own_list(two_towns, django_user_model):
    client = editor_of(django_user_model, "bugle", two_towns["bilston_place"])
    refused = client.get(reverse("subscriptions_subscribers:newsletter_export", args=[two_towns["watch"].pk]))
    assert refused.status_code == 403 and b"left@example.org" not in refused.content
    everyone = rows_of(client.get(reverse("subscriptions_subscribers:index"), {"export": "csv"}))
    assert [row["email"] for row in everyone] == ["bugle@example.org"]


def test_a_newsletters_export_screen_offers_its_subscribers(two_towns, blog, django_user_model):
    client = editor_of(django_user_model, "watch", two_towns["kingstanding"])
    html = client.get(reverse("newsletters_export:export", args=[two_towns["watch"].pk])).content.decode()
    assert reverse("subscriptions_subscribers:newsletter_export", args=[two_towns["watch"].pk]) in html
    assert "the 1 person on this list" in html
    blog_page = client.get(reverse("newsletters_export:export", args=[blog.pk])).content.decode()
    assert "Download the web pages (zip)" in blog_page and "Download the subscribers" not in blog_page
