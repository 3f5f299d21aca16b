"""The subscribers listing: an editor's own newsletters only, filters, search, paging, safe downloads."""

import csv
import io
import re

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from cms.tests.downloads import downloaded_text
from newsletters.models import PublicationPage
from subscriptions.models import Subscriber

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db

INDEX = "subscriptions_subscribers:index"


def editor_of(django_user_model, name, page=None):
    """Someone who reaches the admin and may edit ``page`` and what is below it (nothing, without one)."""
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_newsletters(place, newsletter, django_user_model):
    other = PublicationPage(
        title="Handsworth Allotments", slug="allotments", kind=PublicationPage.Kind.NEWSLETTER
    )
    place.add_child(instance=other)
    make_subscribers(newsletter, 3, prefix="watcher")
    make_subscribers(other, 2, prefix="grower")
    make_subscribers(newsletter, 1, status=Subscriber.Status.PENDING, prefix="maybe")
    return {
        "watch": newsletter,
        "allotments": other,
        "watch_editor": editor_of(django_user_model, "watch", newsletter),
        "stranger": editor_of(django_user_model, "stranger"),
    }


def listing(client, **query):
    response = client.get(reverse(INDEX), query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_the_people_on_their_own_newsletters_only(two_newsletters):
    html = listing(two_newsletters["watch_editor"])
    assert "Kingstanding Watch" in html and "watcher0@example.org" in html
    assert "grower0@example.org" not in html and "Handsworth Allotments" not in html


def test_filters_by_newsletter_and_status(two_newsletters, admin_user):
    client = Client()
    client.force_login(admin_user)
    allotments = listing(client, publication=two_newsletters["allotments"].pk)
    assert "grower0@example.org" in allotments and "watcher0@example.org" not in allotments
    waiting = listing(client, status="pending")
    assert "maybe0@example.org" in waiting and "watcher0@example.org" not in waiting


def test_search_finds_people_by_email(two_newsletters):
    client = two_newsletters["watch_editor"]
    found = listing(client, q="watcher1")
    assert "watcher1@example.org" in found and "watcher0@example.org" not in found
    assert "grower0@example.org" not in listing(client, q="grower")


def test_the_listing_is_paged(newsletter, admin_user):
    make_subscribers(newsletter, 55, prefix="many")
    client = Client()
    client.force_login(admin_user)
    first = set(re.findall(r"many\d+@example\.org", listing(client)))
    second = set(re.findall(r"many\d+@example\.org", listing(client, p=2)))
    assert (len(first), len(second)) == (50, 5) and not first & second


def test_the_download_keeps_formulas_as_text_with_the_usual_columns(two_newsletters):
    Subscriber.objects.filter(email="watcher0@example.org").update(name="=cmd|' /C calc'!A0")
    response = two_newsletters["watch_editor"].get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(downloaded_text(response))))
    assert {row["email"] for row in rows} == {
        "watcher0@example.org",
        "watcher1@example.org",
        "watcher2@example.org",
        "maybe0@example.org",
    }
    [watcher] = [row for row in rows if row["email"] == "watcher0@example.org"]
    assert watcher["name"] == "'=cmd|' /C calc'!A0"
    assert watcher["status"] == "confirmed" and watcher["newsletter"] == "Kingstanding Watch"


def test_people_with_no_newsletter_see_no_one(two_newsletters):
    client = two_newsletters["stranger"]
    for query in ({}, {"export": "csv"}, {"q": "watcher"}):
        response = client.get(reverse(INDEX), query)
        assert response.status_code == 302 and response.url == "/admin/", query
    watcher = Subscriber.objects.get(email="watcher0@example.org")
    response = client.get(reverse("subscriptions_subscribers:inspect", args=[watcher.pk]))
    assert response.status_code in (302, 403) and b"watcher0" not in response.content
    assert "Subscribers" not in client.get("/admin/").content.decode()


def test_an_editor_cannot_open_someone_on_another_newsletter(two_newsletters):
    grower = Subscriber.objects.get(email="grower0@example.org")
    client = two_newsletters["watch_editor"]
    response = client.get(reverse("subscriptions_subscribers:inspect", args=[grower.pk]))
    assert response.status_code in (302, 403) and b"grower0" not in response.content
    watcher = Subscriber.objects.get(email="watcher0@example.org")
    response = client.get(reverse("subscriptions_subscribers:inspect", args=[watcher.pk]))
    assert response.status_code == 200 and "Email me each issue." in response.content.decode()


def test_one_newsletters_download_has_everyone_not_one_page(newsletter, admin_user):
    make_subscribers(newsletter, 55, prefix="many")
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("subscriptions_subscribers:newsletter_export", args=[newsletter.pk]))
    assert len(list(csv.DictReader(io.StringIO(downloaded_text(response))))) == 55
