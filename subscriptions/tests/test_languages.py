"""Subscribers keep the language they signed up in: every email they get is written in it."""

import email
import email.policy
import re

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

import pytest

from subscriptions.models import Subscriber
from subscriptions.rendering import IssueEmail
from subscriptions.tasks import send_signup_email
from subscriptions.tokens import unsubscribe_url

from .conftest import add_issue, make_subscribers

URDU_TITLE = "کنگسٹینڈنگ واچ"


@pytest.fixture
def urdu_newsletter(newsletter):
    urdu = newsletter.copy_for_translation(
        Locale.objects.get_or_create(language_code="ur")[0], copy_parents=True
    )
    urdu.title = URDU_TITLE
    urdu.save_revision().publish()
    return urdu


def sign_up_in(client, language, publication, email_address="pat@example.org"):
    with translation.override(language):
        address = reverse("subscriptions:subscribe", args=[publication.pk])
    data = {"email": email_address, "name": "Pat", "source": ""}
    return client.post(address, data)


def opening_tag(html, tag, css_class=None):
    """The attributes of the first ``<tag>`` (with ``css_class``), whatever their order."""
    for match in re.finditer(rf"<{tag}\b([^>]*)>", html):
        found = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
        if css_class is None or css_class in found.get("class", "").split():
            return found
    return {}


def html_of(message):
    return {kind: body for body, kind in message.alternatives}["text/html"]


@pytest.mark.django_db
def test_an_urdu_sign_up_gets_its_confirmation_in_urdu_right_to_left(
    client, urdu_newsletter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up_in(client, "ur", urdu_newsletter)
    assert response.status_code == 302

    assert Subscriber.objects.get(email="pat@example.org").language == "ur"
    message = mail.outbox[-1]
    assert message.subject == f"براہ کرم تصدیق کریں: ای میل کے ذریعے {URDU_TITLE}"
    assert opening_tag(html_of(message), "html") == {"lang": "ur", "dir": "rtl"}
    # The link opens the confirmation page in Urdu too.
    assert re.search(r"http://[^/\s]+/ur/subscriptions/confirm/\S+/", message.body)


@pytest.mark.django_db
def test_an_english_sign_up_stays_english_left_to_right(
    client, newsletter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up_in(client, "en-gb", newsletter)

    assert Subscriber.objects.get(email="pat@example.org").language == "en-gb"
    message = mail.outbox[-1]
    assert message.subject == "Please confirm: Kingstanding Watch by email"
    assert opening_tag(html_of(message), "html") == {"lang": "en-gb", "dir": "ltr"}


@pytest.mark.django_db
def test_the_email_is_in_the_subscribers_language_whatever_language_the_worker_is_in(urdu_newsletter):
    subscriber = make_subscribers(urdu_newsletter, 1, status=Subscriber.Status.PENDING)[0]
    Subscriber.objects.filter(pk=subscriber.pk).update(language="ur")
    with translation.override("pl"):
        send_signup_email.call(subscriber.pk)
    assert mail.outbox[-1].subject.startswith("براہ کرم تصدیق کریں")
    assert translation.get_language() != "ur"  # the worker's own language is left as it was


@pytest.mark.django_db
def test_an_urdu_subscriber_gets_the_issue_in_urdu_right_to_left(urdu_newsletter):
    post = add_issue(urdu_newsletter, title="March 2026")
    post.title = "مارچ ۲۰۲۶"
    post.save_revision().publish()
    subscriber = make_subscribers(urdu_newsletter, 1)[0]
    Subscriber.objects.filter(pk=subscriber.pk).update(language="ur")
    subscriber.refresh_from_db()

    message = IssueEmail(post).message_for(subscriber, unsubscribe_url(subscriber))
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)

    assert message.subject == f"{URDU_TITLE}: مارچ ۲۰۲۶"
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert opening_tag(html, "html") == {"lang": "ur", "dir": "rtl"}
    assert "یہ شمارہ ویب سائٹ پر پڑھیں" in html  # "Read this issue on the website"
    assert "ان سبسکرائب کریں" in html  # "Unsubscribe"
    # A quotation's rule is on the right, where an Urdu line starts.
    assert "border-right: 4px solid" in opening_tag(html, "div", "quote")["style"]
    assert "/ur/subscriptions/unsubscribe/" in parsed["List-Unsubscribe"]


@pytest.mark.django_db
def test_an_english_issue_to_an_urdu_reader_keeps_its_words_marked_as_english(newsletter):
    post = add_issue(newsletter)
    subscriber = make_subscribers(newsletter, 1)[0]
    subscriber.language = "ur"

    _subject, _text, html = IssueEmail(post).parts_in("ur")
    assert opening_tag(html, "html") == {"lang": "ur", "dir": "rtl"}
    content = opening_tag(html, "td", "content")
    assert (content["lang"], content["dir"]) == ("en-gb", "ltr")
    assert "lang" not in opening_tag(IssueEmail(post).parts_in("en-gb")[2], "td", "content")
