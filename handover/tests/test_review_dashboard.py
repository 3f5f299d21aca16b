"""The helper's dashboard lists posts to check once, in plain words, at a fixed cost;
the newcomer is told "Sent to Sam to check" whatever language their admin is in."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from handover.editor import WaitingForYouPanel, waiting_for
from newsletters.models import PostPage

from .test_first_issue import first_issue

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def sent_to_check(record, count):
    """``count`` posts of the reviewed group, each sent to the helper to check."""
    starter = PostPage.objects.child_of(record.publication).get()
    posts = [starter]
    for number in range(2, count + 1):
        posts.append(starter.copy(update_attrs={"title": f"Post {number}", "slug": f"post-{number}"}))
    for post in posts:
        post.save_revision(user=record.newcomer)
        post.get_workflow().start(post, record.newcomer)
    return posts


def test_a_post_to_check_is_listed_once(reviewed, helper, admin_user):
    sent_to_check(reviewed, 1)
    for user in (helper, admin_user):
        dashboard = logged_in(user).get(reverse("wagtailadmin_home")).content.decode()
        assert "Waiting for you to check" in dashboard
        # One row in one panel: Wagtail's "Awaiting your review" has nothing else to show.
        assert dashboard.count("Read it first") == 1
        assert "Awaiting your review" not in dashboard


def test_the_waiting_panel_costs_the_same_for_one_post_or_many(reviewed, helper):
    def queries_for_panel():
        with CaptureQueriesContext(connection) as queries:
            html = WaitingForYouPanel(waiting_for(helper)).render_html({})
        return len(queries), html

    sent_to_check(reviewed, 1)
    queries_for_panel()  # content types and the like are cached from then on
    one, html = queries_for_panel()
    assert html.count("Publish it") == 1
    PostPage.objects.all().delete()  # start again with three
    reviewed.publication.refresh_from_db()

    setup_again = PostPage(
        title="Our first post", slug="our-first-post", date="2026-03-04", owner=reviewed.newcomer
    )
    reviewed.publication.add_child(instance=setup_again)
    sent_to_check(reviewed, 3)
    three, html = queries_for_panel()
    assert html.count("Publish it") == 3
    assert three == one


def test_sent_to_check_reads_the_same_in_a_translated_admin(reviewed):
    pat = reviewed.newcomer
    profile = UserProfile.get_for_user(pat)
    profile.preferred_language = "pl"
    profile.save()
    post = PostPage.objects.child_of(reviewed.publication).get()
    client = logged_in(pat)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), first_issue("action-submit"))
    assert response.status_code == 302
    told = client.get(response["Location"]).content.decode()
    # Reworded in the newcomer's own language: "Sent to Sam to check: “Hello from Elm Road” goes live when…"
    assert "Wysłano do sprawdzenia (Sam): „Hello from Elm Road” ukaże się po zatwierdzeniu." in told
    assert "przekazana do przeglądu" not in told  # Wagtail's Polish "submitted for moderation"
