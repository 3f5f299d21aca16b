"""Surgery topics are a list editors keep in the admin, not a list in the code."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from surgeries.models import Booking, SurgeryTopic

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_surgeries_surgerytopic:add"


def add_topic(admin_client, name, help_text=""):
    response = admin_client.post(reverse(ADD_URL), {"name": name, "help_text": help_text, "offered": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SurgeryTopic.objects.get(name=name)


def test_a_new_site_starts_with_the_topics_bookings_already_store():
    assert list(SurgeryTopic.objects.values_list("slug", flat=True)) == [
        "blog",
        "facebook",
        "x",
        "newsletter",
        "website",
        "safety",
        "other",
    ]


def test_a_topic_added_in_the_admin_can_be_ticked_on_both_booking_forms(
    admin_client, client, surgery, book, help_data
):
    topic = add_topic(admin_client, "Instagram", "photos and short videos")
    assert topic.slug == "instagram"
    page = client.get(surgery.url).content.decode()
    assert 'name="attend-topics" value="instagram"' in page
    assert 'name="help-topics" value="instagram"' in page
    assert "Instagram: photos and short videos" in page

    response = book(surgery, "sam@example.com", role="help", **{"help-topics": ["instagram", "website"]})
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    booking = Booking.objects.get(email="sam@example.com")
    assert booking.topics == ["instagram", "website"]
    assert booking.topic_labels() == ["Instagram", "A website"]


def test_renaming_a_topic_relabels_bookings_without_changing_what_they_chose(admin_client, surgery, book):
    book(surgery, "maureen@example.com")
    facebook = SurgeryTopic.objects.get(slug="facebook")
    response = admin_client.post(
        reverse("wagtailsnippets_surgeries_surgerytopic:edit", args=[facebook.pk]),
        {"name": "Facebook (pages and groups)", "help_text": "", "offered": "on"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(email="maureen@example.com")
    assert booking.topics == ["newsletter", "facebook"]
    assert booking.topic_labels() == ["An email newsletter", "Facebook (pages and groups)"]
    listing = admin_client.get(reverse("surgeries_bookings:surgery", args=[surgery.pk])).content.decode()
    assert "An email newsletter, Facebook (pages and groups)" in listing


def test_a_topic_no_longer_offered_leaves_the_forms_but_keeps_its_name_on_old_bookings(
    admin_client, client, surgery, book
):
    book(surgery, "maureen@example.com")
    facebook = SurgeryTopic.objects.get(slug="facebook")
    facebook.offered = False
    facebook.save()  # as the Topics snippet's edit form does
    assert 'value="facebook"' not in client.get(surgery.url).content.decode()
    response = book(surgery, "ravi@example.com", **{"attend-topics": ["facebook"]})
    assert response.status_code == 400
    assert not Booking.objects.filter(email="ravi@example.com").exists()
    assert Booking.objects.get(email="maureen@example.com").topic_labels() == [
        "An email newsletter",
        "A Facebook page",
    ]


def test_the_bookings_listing_reads_topic_names_once(admin_client, surgery, book):
    book(surgery, "maureen@example.com")
    url = reverse("surgeries_bookings:surgery", args=[surgery.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as one_booking:
        admin_client.get(url)
    for number in range(2, 5):
        book(surgery, f"person{number}@example.com")
    with CaptureQueriesContext(connection) as four_bookings:
        assert "A Facebook page" in admin_client.get(url).content.decode()
    assert len(four_bookings) == len(one_booking)


def test_a_topic_added_or_withdrawn_shows_on_pages_already_drawn_at_the_next_request(
    admin_client, client, surgery
):
    """The empty booking forms are drawn once per cache generation: a topic saved starts a new one."""
    assert 'value="instagram"' not in client.get(surgery.url).content.decode()
    topic = add_topic(admin_client, "Instagram")
    assert 'name="attend-topics" value="instagram"' in client.get(surgery.url).content.decode()
    topic.offered = False
    topic.save()
    assert 'value="instagram"' not in client.get(surgery.url).content.decode()


def test_saving_a_topic_empties_the_front_cache_of_every_site(
    settings, surgery, django_capture_on_commit_callbacks, monkeypatch
):
    from wagtail.models import Site

    from cms import front_cache

    banned = []
    monkeypatch.setattr(front_cache, "ban_site", banned.append)
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        SurgeryTopic.objects.create(name="Instagram", slug="instagram")
    assert sorted(site.pk for site in banned) == sorted(Site.objects.values_list("pk", flat=True))
