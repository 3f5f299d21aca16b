"""The admin side: who may send, test copies, the confirmation step, progress, export and erasure."""

import csv
import io

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from cms.tests.downloads import downloaded_text
from cms.tests.people import editor
from subscriptions.models import Delivery, Subscriber

from .conftest import add_issue, make_subscribers


@pytest.fixture
def people(django_user_model, newsletter):
    return {
        "publisher": editor(
            django_user_model, "publisher", newsletter, ["add_page", "change_page", "publish_page"]
        ),
        "writer": editor(django_user_model, "writer", newsletter, ["add_page", "change_page"]),
        "stranger": editor(django_user_model, "stranger"),
    }


def urls(issue):
    return [
        reverse("subscriptions_sending:send", args=[issue.pk]),
        reverse("subscriptions_sending:confirm", args=[issue.pk]),
        reverse("subscriptions_sending:progress", args=[issue.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["writer", "stranger"])
def test_only_people_who_may_publish_the_issue_may_send_it(client, issue, people, who, subscribers):
    client.force_login(people[who])
    for url in urls(issue):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert not Delivery.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_the_button_shows_only_for_publishers_of_live_newsletter_issues(
    client, issue, blog, people, newsletter
):
    send_url = reverse("subscriptions_sending:send", args=[issue.pk])
    client.force_login(people["publisher"])
    assert send_url in client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    assert send_url in client.get(reverse("wagtailadmin_explore", args=[newsletter.pk])).content.decode()

    client.force_login(people["writer"])
    assert send_url not in client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()

    client.force_login(people["publisher"])
    draft = add_issue(newsletter, title="Draft", live=False)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert reverse("subscriptions_sending:send", args=[draft.pk]) not in page
    assert client.get(reverse("subscriptions_sending:send", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_a_listing_of_issues_asks_which_publications_are_newsletters_once_however_many_issues(
    client, newsletter, people
):
    """Each live issue in the page explorer has its "Send by email" button, without a query per issue."""
    client.force_login(people["publisher"])
    draft = add_issue(newsletter, title="Draft", live=False)
    issues, lookups = [], []
    for count in (2, 8):
        issues += [add_issue(newsletter, title=f"Issue {number}") for number in range(len(issues), count)]
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("wagtailadmin_explore", args=[newsletter.pk])).content.decode()
        assert all(reverse("subscriptions_sending:send", args=[issue.pk]) in page for issue in issues)
        assert reverse("subscriptions_sending:send", args=[draft.pk]) not in page
        lookups.append(sum('"newsletters_publicationpage"."kind" IN' in query["sql"] for query in queries))
    assert lookups[0] == lookups[1] <= 2, lookups


@pytest.mark.django_db
def test_blog_posts_cannot_be_sent(admin_user, client, blog):
    post = add_issue(blog, title="Blog post")
    client.force_login(admin_user)
    assert client.get(reverse("subscriptions_sending:send", args=[post.pk])).status_code == 404
    page = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert reverse("subscriptions_sending:send", args=[post.pk]) not in page


@pytest.mark.django_db
def test_send_a_test_then_confirm_then_watch_progress(client, issue, people, subscribers, newsletter):
    make_subscribers(newsletter, 2, status=Subscriber.Status.PENDING, prefix="pending")
    client.force_login(people["publisher"])
    send_url, confirm_url, progress_url = urls(issue)

    page = client.get(send_url)
    assert "Send to 5 confirmed subscribers" in page.content.decode()

    client.post(send_url)
    assert [m.to for m in mail.outbox] == [["publisher@example.org"]]
    assert mail.outbox[0].subject.startswith("[Test]")

    confirm_page = client.get(confirm_url)
    assert "Yes, send to 5 subscribers" in confirm_page.content.decode()
    assert not Delivery.objects.exists()  # nothing happens before the confirmation

    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == progress_url
    assert len(mail.outbox) == 6
    progress = client.get(progress_url).content.decode()
    assert "Finished." in progress and "5 sent" in progress
    assert 'http-equiv="refresh"' not in progress

    # Sending again reaches only subscribers who have not had it.
    make_subscribers(newsletter, 1, prefix="newcomer")
    assert "Send to 1 confirmed subscriber" in client.get(send_url).content.decode()
    client.post(confirm_url)
    assert len(mail.outbox) == 7 and mail.outbox[-1].to == ["newcomer0@example.org"]


@pytest.mark.django_db
def test_progress_refreshes_while_sending(client, issue, people, subscribers, settings):
    settings.NEWSLETTER_SEND_WORKERS = 0
    client.force_login(people["publisher"])
    client.post(reverse("subscriptions_sending:confirm", args=[issue.pk]))
    progress = client.get(reverse("subscriptions_sending:progress", args=[issue.pk])).content.decode()
    assert 'http-equiv="refresh"' in progress
    assert "<td>0</td><td>0</td><td>5</td>" in progress.replace("\n", "").replace(" ", "")


@pytest.mark.django_db
def test_a_test_copy_needs_an_email_address(client, issue, people):
    people["publisher"].email = ""
    people["publisher"].save()
    client.force_login(people["publisher"])
    response = client.post(reverse("subscriptions_sending:send", args=[issue.pk]), follow=True)
    assert "has no email address" in response.content.decode()
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("who, allowed", [("publisher", True), ("writer", True), ("stranger", False)])
def test_subscriber_pages_are_for_editors_of_that_newsletter(
    client, newsletter, people, who, allowed, subscribers
):
    client.force_login(people[who])
    index = client.get(reverse("subscriptions_subscribers:index")).content.decode()
    assert ("Kingstanding Watch" in index) == allowed
    for name in ("newsletter", "newsletter_export"):
        response = client.get(reverse(f"subscriptions_subscribers:{name}", args=[newsletter.pk]))
        assert response.status_code == (200 if allowed else 403)
    response = client.post(
        reverse("subscriptions_subscribers:newsletter", args=[newsletter.pk]),
        {"email": "reader0@example.org", "confirm": "on"},
    )
    assert response.status_code == (302 if allowed else 403)
    assert Subscriber.objects.filter(email="reader0@example.org").exists() != allowed


@pytest.mark.django_db
def test_csv_export_has_the_consent_record_and_is_spreadsheet_safe(client, newsletter, people, subscribers):
    Subscriber.objects.filter(pk=subscribers[0].pk).update(name='=HYPERLINK("http://evil")')
    client.force_login(people["writer"])
    response = client.get(reverse("subscriptions_subscribers:newsletter_export", args=[newsletter.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(downloaded_text(response))))
    assert len(rows) == 5
    assert rows[0]["consent_text"] == "Email me each issue."
    assert rows[0]["status"] == "confirmed"
    assert rows[0]["name"].startswith("'=")


@pytest.mark.django_db
def test_the_subscriber_page_says_how_long_unconfirmed_sign_ups_stay(client, newsletter, people, settings):
    settings.NEWSLETTER_PENDING_DAYS = 3
    client.force_login(people["publisher"])
    html = client.get(reverse("subscriptions_subscribers:newsletter", args=[newsletter.pk])).content.decode()
    assert "Sign-ups not confirmed within 3 days are deleted automatically." in html


@pytest.mark.django_db
def test_erase_deletes_the_subscriber_and_their_deliveries(client, newsletter, issue, people, subscribers):
    Delivery.objects.create(post=issue, subscriber=subscribers[0], status="sent")
    Delivery.objects.create(post=issue, subscriber=subscribers[1], status="sent")
    client.force_login(people["publisher"])
    url = reverse("subscriptions_subscribers:newsletter", args=[newsletter.pk])

    missing_tick = client.post(url, {"email": "reader0@example.org"})
    assert missing_tick.status_code == 200
    unknown = client.post(url, {"email": "nobody@example.org", "confirm": "on"})
    assert "Nobody with that address" in unknown.content.decode()

    client.post(url, {"email": "Reader0@Example.org", "confirm": "on"})
    assert not Subscriber.objects.filter(email="reader0@example.org").exists()
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == ["reader1@example.org"]


@pytest.mark.django_db
def test_counts_only(client, newsletter, people, subscribers):
    client.force_login(people["publisher"])
    page = client.get(reverse("subscriptions_subscribers:newsletter", args=[newsletter.pk])).content.decode()
    assert "reader0@example.org" not in page  # no list of people on screen, just numbers
    assert "<td>5</td>" in page


@pytest.mark.django_db
def test_the_send_page_says_who_the_issue_comes_from_and_where_replies_go(
    client, issue, people, newsletter, settings
):
    settings.DEFAULT_FROM_EMAIL = "Patchwork <noreply@news.example.org>"
    client.force_login(people["publisher"])
    page = client.get(reverse("subscriptions_sending:send", args=[issue.pk])).content.decode()
    assert "Kingstanding Watch &lt;noreply@news.example.org&gt;" in page
    assert "It does not invite replies" in page

    newsletter.email_reply_to = "editor@kingstanding-watch.org"
    newsletter.save()
    page = client.get(reverse("subscriptions_sending:send", args=[issue.pk])).content.decode()
    assert "Replies go to <strong>editor@kingstanding-watch.org</strong>" in page
