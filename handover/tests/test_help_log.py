"""The helpers' log: per surgery and per helper, with what has happened since, in fixed queries."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.tests.downloads import downloaded_text
from handover.models import HelpRecord
from handover.queries import with_since_figures
from newsletters.models import PostPage
from subscriptions.models import Subscriber

from .conftest import make_user

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/help_log/"


def publish_post(publication, title, date):
    post = PostPage(title=title, date=date, intro="<p>News.</p>")
    publication.add_child(instance=post)
    post.save_revision().publish()
    return post


def add_confirmed_subscribers(publication, count):
    """``count`` confirmed subscribers and one who never confirmed (who must not be counted)."""
    statuses = [Subscriber.Status.CONFIRMED] * count + [Subscriber.Status.PENDING]
    for number, status in enumerate(statuses):
        Subscriber.objects.create(
            publication=publication,
            email=f"reader{number}@example.org",
            status=status,
            consent_text="Send me this newsletter by email.",
            consented_at=timezone.now(),
        )
    return count


def test_since_figures_come_from_the_site(set_up):
    publish_post(set_up.publication, "March issue", datetime.date(2026, 3, 30))
    publish_post(set_up.publication, "April issue", datetime.date(2026, 4, 28))
    subscribers = add_confirmed_subscribers(set_up.publication, 3)

    record = with_since_figures(HelpRecord.objects.all()).get()
    assert record.posts_since == 2  # the starter draft is not counted until it is published
    assert record.last_post_date == datetime.date(2026, 4, 28)
    assert record.subscriber_count == subscribers
    summary = record.since_summary()
    assert summary.startswith("Set up at the March 2026 surgery; 2 issues since, the last on 28 April 2026")
    assert f"{subscribers} subscriber" in summary


def test_posts_from_before_the_help_are_not_counted(set_up):
    publish_post(set_up.publication, "Old issue", datetime.date(2025, 1, 1))
    HelpRecord.objects.filter(pk=set_up.pk).update(created_at=timezone.now() + datetime.timedelta(days=1))
    assert with_since_figures(HelpRecord.objects.all()).get().posts_since == 0


def test_help_without_a_publication_shows_its_link(helper, surgery):
    record = HelpRecord.objects.create(
        helper=helper,
        surgery=surgery,
        helped_name="Ravi",
        topics=["facebook"],
        link="https://facebook.com/elmroad",
    )
    annotated = with_since_figures(HelpRecord.objects.filter(pk=record.pk)).get()
    assert annotated.since_summary() == "Helped at the March 2026 surgery; https://facebook.com/elmroad"
    assert annotated.posts_since == 0 and annotated.subscriber_count == 0


def log_entries(count, surgery, helper, publication):
    HelpRecord.objects.bulk_create(
        HelpRecord(
            surgery=surgery,
            helper=helper,
            helped_name=f"Person {number}",
            topics=["blog"],
            publication=publication,
            created_at=timezone.now() - datetime.timedelta(days=1, minutes=number),
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [3, 40])
def test_the_log_lists_with_the_same_number_of_queries_however_long(
    count, set_up, surgery, helper, django_assert_max_num_queries
):
    publish_post(set_up.publication, "March issue", datetime.date(2026, 3, 30))
    add_confirmed_subscribers(set_up.publication, 2)
    log_entries(count, surgery, helper, set_up.publication)  # before the issue was published
    client = Client()
    client.force_login(helper)
    client.get(LOG_URL)  # warm up sessions and permission caches
    with django_assert_max_num_queries(30):
        response = client.get(LOG_URL)
    assert response.status_code == 200
    assert "1 issue since" in response.content.decode()


def test_listed_per_surgery_and_per_helper(set_up, surgery, helper, place):
    other_helper = make_user("kim", groups=["Surgery helpers"])
    HelpRecord.objects.create(helper=other_helper, helped_name="Someone at no surgery")
    client = Client()
    client.force_login(helper)

    per_surgery = client.get(LOG_URL, {"surgery": surgery.pk}).content.decode()
    assert "Maureen Lewis" in per_surgery and "Someone at no surgery" not in per_surgery
    # The entry links to the hand-over page, where a fresh invitation can be issued.
    assert reverse("handover_newcomers:handed_over", args=[set_up.pk]) in per_surgery

    per_helper = client.get(LOG_URL, {"helper": other_helper.pk}).content.decode()
    assert "Someone at no surgery" in per_helper and "Maureen Lewis" not in per_helper


def test_help_that_made_no_account_can_be_logged_afterwards(helper, surgery):
    client = Client()
    client.force_login(helper)
    response = client.post(
        reverse("handover_help_log:add"),
        {
            "helped_name": "Ravi Patel",
            "group_name": "Elm Road Allotments",
            "topics": ["facebook"],
            "surgery": surgery.pk,
            "helper": helper.pk,
            "created_at": "2026-03-04 11:00",
            "link": "https://www.facebook.com/elmroadallotments",
            "publication": "",
            "notes": "Set up a Facebook page.",
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-MIN_NUM_FORMS": "0",
            "follow_ups-MAX_NUM_FORMS": "1000",
            "follow_ups-0-date": "2026-04-04",
            "follow_ups-0-what_changed": "Forty people follow the page.",
            "follow_ups-0-consent_to_publish": "on",
            "follow_ups-0-ORDER": "1",
            "follow_ups-0-id": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record = HelpRecord.objects.get()
    assert record.topics == ["facebook"] and record.newcomer is None
    follow_up = record.follow_ups.get()
    assert follow_up.consent_to_publish and "Forty" in follow_up.what_changed


def test_the_surgery_links_to_its_help_log_and_the_hand_over(admin_user, surgery, place):
    client = Client()
    client.force_login(admin_user)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[surgery.pk]),
        reverse("wagtailadmin_explore", args=[place.pk]),
    ):
        html = client.get(url).content.decode()
        assert f"{reverse('handover_newcomers:setup')}?surgery={surgery.pk}" in html, url
        assert f"{LOG_URL}?surgery={surgery.pk}" in html, url


def test_helpers_see_the_hand_over_on_their_dashboard(helper, set_up):
    client = Client()
    client.force_login(helper)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("handover_newcomers:setup") in html
    assert ("Maureen Lewis" in html and "issues since" in html) or "0 issues since" in html


def test_newcomers_see_their_checklist_on_the_dashboard(newcomer, set_up):
    client = Client()
    client.force_login(newcomer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Write your first post" in html and "Edit your first post" in html


def test_the_csv_export_shows_a_typed_formula_as_text(helper, surgery):
    """A name typed as a formula must not become a live link in an organiser's spreadsheet."""
    import csv
    import io

    formula = '=HYPERLINK("http://x","y")'
    HelpRecord.objects.create(
        surgery=surgery,
        helper=helper,
        helped_name=formula,
        group_name="@SUM(A1:A2)",
        link="https://x.example",
    )
    client = Client()
    client.force_login(helper)
    response = client.get(LOG_URL, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(downloaded_text(response))))
    assert rows[1][:2] == [f"'{formula}", "'@SUM(A1:A2)"]
    assert rows[1][4] == "https://x.example"
