"""A resident signs up for a place's digest on the place page, confirms, and the digest reaches a real
SMTP server (aiosmtpd) at its send time, with the editor's changes; one click takes them off it."""

import datetime
import email
import email.policy
import re

from django.utils import timezone

import pytest

from home import digests as home_digests
from newsletters import digests
from newsletters.models import DigestIssue, PostPage, PublicationPage
from subscriptions.models import Subscriber

pytestmark = pytest.mark.django_db


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def html_and_text(message):
    return (
        message.get_body(("html",)).get_content(),
        message.get_body(("plain",)).get_content(),
    )


@pytest.fixture
def digest(place):
    digest = PublicationPage(title="Kingstanding digest", slug="digest", kind=PublicationPage.Kind.DIGEST)
    place.add_child(instance=digest)
    return digest


@pytest.fixture
def moment(digest):
    send_at = digests.next_send_at(digest, timezone.now() + datetime.timedelta(days=3))
    return send_at, send_at - digests.DRAFT_LEAD + datetime.timedelta(hours=1)


@pytest.fixture
def news(place, moment):
    """Two posts in Kingstanding's newsletter this week."""
    _send_at, now = moment
    watch = PublicationPage(title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER)
    place.add_child(instance=watch)
    posts = []
    for hours, title in ((50, "New bins from April"), (40, "Fake water board callers")):
        post = PostPage(title=title, date=timezone.localdate(), intro=f"<p>About {title.lower()}.</p>")
        watch.add_child(instance=post)
        post.save_revision().publish()
        PostPage.objects.filter(pk=post.pk).update(first_published_at=now - datetime.timedelta(hours=hours))
        posts.append(post)
    return posts


def sign_up_on_the_place_page(client, smtp_server, address):
    page = client.get("/kingstanding/").content.decode()
    action = re.search(r'<section class="subscribe-form place-digest".*?action="([^"]+)"', page, re.S).group(
        1
    )
    response = client.post(
        action, {"email": address, "name": "Pat", "source": "http://testserver/kingstanding/"}
    )
    assert response.status_code == 302
    assert "check-your-inbox" in response["Location"]
    confirmation = parse(smtp_server.messages[-1][1])
    assert smtp_server.messages[-1][0] == [address]
    link = re.search(
        r"https?://testserver(/subscriptions/confirm/[^\s\"<]+)",
        confirmation.get_body(("plain",)).get_content(),
    )
    assert client.get(link.group(1)).status_code == 200  # a page with a button: mail scanners follow links
    assert client.post(link.group(1)).status_code == 200
    return confirmation


def test_place_digest_from_sign_up_to_the_inbox_and_out_again(
    client, smtp_server, digest, news, moment, django_capture_on_commit_callbacks
):
    send_at, now = moment
    confirmation = sign_up_on_the_place_page(client, smtp_server, "pat@example.org")
    assert "Kingstanding digest" in confirmation["Subject"] or "Kingstanding digest" in str(confirmation)
    subscriber = Subscriber.objects.get(email="pat@example.org")
    assert subscriber.publication_id == digest.pk
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.consent_text.startswith("Email me each new issue of Kingstanding digest.")
    assert subscriber.source == "http://testserver/kingstanding/"

    # Drafted a day before; the editor changes the draft in the page editor: the second item first,
    # the first one cut, and a note on top.
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    post = PostPage.objects.get(pk=issue.post_id)
    items = [block for block in post.body if block.block_type == "digest_item"]
    assert [block.value["title"] for block in items] == ["New bins from April", "Fake water board callers"]
    post.body = [
        ("paragraph", "<p>Bin day changes next week: see below.</p>"),
        ("digest_item", items[1].value),
    ]
    post.save_revision()
    before = len(smtp_server.messages)

    with django_capture_on_commit_callbacks(execute=True):
        run = home_digests.run_digests(send_at + datetime.timedelta(minutes=2))
    assert [queued for _issue, queued in run.sent] == [1]
    assert len(smtp_server.messages) == before + 1
    recipients, raw = smtp_server.messages[-1]
    assert recipients == ["pat@example.org"]
    message = parse(raw)
    assert message["Subject"] == f"Kingstanding digest: {post.title}"
    html, text = html_and_text(message)
    assert "Bin day changes next week: see below." in html
    assert "Fake water board callers" in html
    assert "New bins from April" not in html and "New bins from April" not in text
    assert 'href="http://testserver/kingstanding/watch/fake-water-board-callers/"' in html
    assert "http://testserver/kingstanding/watch/fake-water-board-callers/" in text
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click (RFC 8058): the mail client POSTs to the link.
    path = re.sub(r"^https?://testserver", "", unsubscribe)
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

    # The next week's digest does not reach them.
    next_send = digests.next_send_at(digest, send_at)
    later = PostPage(title="Street party", date=timezone.localdate(), intro="<p>Bring a chair.</p>")
    news[0].get_parent().add_child(instance=later)
    later.save_revision().publish()
    PostPage.objects.filter(pk=later.pk).update(first_published_at=next_send - datetime.timedelta(days=2))
    before = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        home_digests.run_digests(next_send - digests.DRAFT_LEAD + datetime.timedelta(minutes=1))
        run = home_digests.run_digests(next_send + datetime.timedelta(minutes=1))
    assert [queued for _issue, queued in run.sent] == [0]
    assert len(smtp_server.messages) == before


def test_an_empty_week_sends_no_mail(client, smtp_server, digest, moment, django_capture_on_commit_callbacks):
    send_at, now = moment
    sign_up_on_the_place_page(client, smtp_server, "sam@example.org")
    before = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        home_digests.run_digests(now)
        home_digests.run_digests(send_at + datetime.timedelta(minutes=1))
    assert len(smtp_server.messages) == before
    assert DigestIssue.objects.get(publication=digest).status == DigestIssue.Status.EMPTY
