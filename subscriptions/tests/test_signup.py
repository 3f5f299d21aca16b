"""Signing up (double opt-in), confirming, unsubscribing and tidying up, through the real views."""

import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

import pytest

from subscriptions.models import Delivery, Subscriber
from subscriptions.signup import consent_text
from subscriptions.tokens import confirm_url, unsubscribe_url

from .conftest import add_issue


def subscribe_url(publication):
    return reverse("subscriptions:subscribe", args=[publication.pk])


def sign_up(client, publication, email="pat@example.org", **extra):
    data = {"email": email, "name": "Pat", "source": "http://testserver/kingstanding/watch/", **extra}
    return client.post(subscribe_url(publication), data)


def link_in(message, name):
    return re.search(rf"http://testserver/subscriptions/{name}/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_sign_up_records_consent_and_sends_a_confirmation_link(client, newsletter):
    response = sign_up(client, newsletter, email="Pat@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:check_inbox", args=[newsletter.pk])
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "pat@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text == consent_text(newsletter)
    assert "Kingstanding Watch" in subscriber.consent_text
    assert subscriber.source == "http://testserver/kingstanding/watch/"
    assert abs(subscriber.consented_at - timezone.now()) < datetime.timedelta(seconds=5)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.org"]
    assert link_in(mail.outbox[0], "confirm")


@pytest.mark.django_db
def test_the_form_shows_the_same_wording_that_is_stored(client, newsletter, rf):
    html = render_to_string(
        "subscriptions/includes/subscribe_form.html", {"publication": newsletter, "request": rf.get("/")}
    )
    assert consent_text(newsletter) in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="website"' in html  # the honeypot


@pytest.mark.django_db
def test_each_pages_form_names_that_page_as_where_the_sign_up_came_from(newsletter, rf):
    """The drawn form is kept for the next reader of the same address only."""

    def source_in(path):
        html = render_to_string(
            "subscriptions/includes/subscribe_form.html", {"publication": newsletter, "request": rf.get(path)}
        )
        return re.search(r'name="source" value="([^"]*)"', html).group(1)

    assert source_in("/kingstanding/watch/") == "http://testserver/kingstanding/watch/"
    assert source_in("/kingstanding/watch/issue-1/") == "http://testserver/kingstanding/watch/issue-1/"
    assert source_in("/kingstanding/watch/") == "http://testserver/kingstanding/watch/"


@pytest.mark.django_db
def test_the_form_renders_nothing_for_a_blog(blog, rf):
    html = render_to_string(
        "subscriptions/includes/subscribe_form.html", {"publication": blog, "request": rf.get("/")}
    )
    assert html.strip() == ""


@pytest.mark.django_db
def test_a_foreign_source_is_replaced_by_the_newsletter_page(client, newsletter):
    sign_up(client, newsletter, source="https://evil.example.com/phish")
    assert Subscriber.objects.get().source == newsletter.get_full_url()


@pytest.mark.django_db
def test_confirm_link_get_does_not_confirm_and_post_does(client, newsletter):
    sign_up(client, newsletter)
    link = link_in(mail.outbox[0], "confirm")

    page = client.get(link)
    assert page.status_code == 200
    assert b"Yes, subscribe me" in page.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]

    confirmed = client.post(link)
    assert confirmed.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("days", [7, 3])
def test_the_email_and_the_confirm_page_say_how_long_an_unconfirmed_address_is_kept(
    client, newsletter, settings, days
):
    settings.NEWSLETTER_PENDING_DAYS = days
    sign_up(client, newsletter)
    message = mail.outbox[0]
    promise = f"delete your address within {days} days."
    assert promise in message.body
    assert promise in message.alternatives[0][0]
    page = client.get(link_in(message, "confirm")).content.decode()
    assert f"forget your address within {days} days." in page


@pytest.mark.django_db
def test_responses_are_identical_whether_or_not_already_subscribed(client, newsletter):
    first = sign_up(client, newsletter)
    client.post(link_in(mail.outbox[0], "confirm"))
    again = sign_up(client, newsletter)
    other = sign_up(client, newsletter, email="someone.new@example.org")

    assert first.status_code == again.status_code == other.status_code == 302
    assert first["Location"] == again["Location"] == other["Location"]
    assert first.content == again.content == other.content
    inbox_pages = {client.get(response["Location"]).content for response in (first, again, other)}
    assert len(inbox_pages) == 1
    # The confirmed address is told it is already subscribed, not asked to confirm again.
    assert [message.to for message in mail.outbox[1:]] == [["pat@example.org"], ["someone.new@example.org"]]
    assert "already subscribed" in mail.outbox[1].subject
    assert "/subscriptions/unsubscribe/" in mail.outbox[1].body
    assert Subscriber.objects.get(email="pat@example.org").status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_an_unsubscribed_address_can_sign_up_again_with_fresh_consent(client, newsletter):
    sign_up(client, newsletter)
    subscriber = Subscriber.objects.get()
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()
    sign_up(client, newsletter)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert "confirm" in mail.outbox[-1].subject.lower()


@pytest.mark.django_db
def test_honeypot_gets_the_same_answer_and_stores_nothing(client, newsletter):
    response = sign_up(client, newsletter, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:check_inbox", args=[newsletter.pk])
    assert not Subscriber.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-address", "pat@", "a" * 300 + "@example.org"])
def test_invalid_email_gets_a_clear_message_and_a_400(client, newsletter, email):
    response = sign_up(client, newsletter, email=email)
    assert response.status_code == 400
    assert b"Enter your email address" in response.content
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_ip(client, newsletter):
    statuses = [sign_up(client, newsletter, email=f"n{i}@example.org").status_code for i in range(12)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    assert Subscriber.objects.count() == 10
    other_ip = client.post(
        subscribe_url(newsletter), {"email": "x@example.org"}, REMOTE_ADDR="192.0.2.9"
    ).status_code
    assert other_ip == 302


@pytest.mark.django_db
def test_subscribe_endpoint_needs_no_csrf_cookie(client, newsletter):
    client.handler.enforce_csrf_checks = True
    assert sign_up(client, newsletter).status_code == 302


@pytest.mark.django_db
def test_subscribe_page_is_cacheable_and_sets_no_cookie(client, newsletter):
    response = client.get(subscribe_url(newsletter))
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in response.content
    inbox = client.get(reverse("subscriptions:check_inbox", args=[newsletter.pk]))
    assert inbox.status_code == 200 and not inbox.cookies


@pytest.mark.django_db
def test_blogs_and_unknown_ids_have_no_subscribe_page(client, blog):
    assert client.get(subscribe_url(blog)).status_code == 404
    assert (
        client.post(reverse("subscriptions:subscribe", args=[999999]), {"email": "a@b.org"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_unsubscribe_get_shows_a_button_post_unsubscribes(client, newsletter, subscribers):
    subscriber = subscribers[0]
    link = unsubscribe_url(subscriber)

    page = client.get(link)
    assert page.status_code == 200
    assert b'method="post"' in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", with no cookie or CSRF token.
    client.handler.enforce_csrf_checks = True
    done = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


@pytest.mark.django_db
def test_unsubscribing_cancels_queued_deliveries(client, newsletter, subscribers):
    issue = add_issue(newsletter)
    Delivery.objects.create(post=issue, subscriber=subscribers[0])
    client.post(unsubscribe_url(subscribers[0]))
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["confirm", "unsubscribe"])
@pytest.mark.parametrize("token", ["nonsense", "1:forged-signature", "99999:abc"])
def test_bad_tokens_get_a_clear_400(client, view, token):
    for method in (client.get, client.post):
        response = method(reverse(f"subscriptions:{view}", args=[token]))
        assert response.status_code == 400
        assert b"This link does not work any more" in response.content


@pytest.mark.django_db
def test_a_confirm_token_cannot_unsubscribe_and_vice_versa(client, subscribers):
    subscriber = subscribers[0]
    confirm_token = confirm_url(subscriber).rstrip("/").rsplit("/", 1)[1]
    assert client.post(reverse("subscriptions:unsubscribe", args=[confirm_token])).status_code == 400
    unsubscribe_token = unsubscribe_url(subscriber).rstrip("/").rsplit("/", 1)[1]
    assert client.post(reverse("subscriptions:confirm", args=[unsubscribe_token])).status_code == 400


@pytest.mark.django_db
def test_expired_confirm_link_is_refused(client, newsletter, settings, monkeypatch):
    sign_up(client, newsletter)
    link = link_in(mail.outbox[0], "confirm")
    later = datetime.datetime.now().timestamp() + 8 * 86400
    monkeypatch.setattr("time.time", lambda: later)
    assert client.post(link).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_unconfirmed_sign_ups_are_deleted_after_seven_days(newsletter, subscribers):
    from subscriptions.tasks import delete_stale_signups

    now = timezone.now()
    old = Subscriber.objects.create(
        publication=newsletter,
        email="old@example.org",
        consent_text="x",
        consented_at=now - datetime.timedelta(days=8),
    )
    recent = Subscriber.objects.create(
        publication=newsletter,
        email="recent@example.org",
        consent_text="x",
        consented_at=now - datetime.timedelta(days=6),
    )
    Subscriber.objects.filter(pk=subscribers[0].pk).update(consented_at=now - datetime.timedelta(days=30))

    delete_stale_signups.enqueue()

    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert Subscriber.objects.filter(pk=recent.pk).exists()
    assert Subscriber.objects.filter(pk=subscribers[0].pk).exists()  # confirmed ones stay


@pytest.mark.django_db
def test_housekeeping_command_reports_what_it_did(newsletter):
    import io

    Subscriber.objects.create(
        publication=newsletter,
        email="old@example.org",
        consent_text="x",
        consented_at=timezone.now() - datetime.timedelta(days=8),
    )
    out = io.StringIO()
    call_command("newsletter_housekeeping", stdout=out)
    assert "Deleted 1 unconfirmed sign-up(s)" in out.getvalue()


@pytest.mark.django_db
def test_the_unsubscribe_link_answers_head_and_changes_nothing(client, subscribers):
    """Link checkers and mail scanners send HEAD; it must answer, and never unsubscribe."""
    subscriber = subscribers[0]
    response = client.head(unsubscribe_url(subscriber))
    assert response.status_code == 200
    assert response.content == b""
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
