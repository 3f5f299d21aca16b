"""The issue as an email: both parts, headers, absolute links, nothing that tracks or runs."""

import email
import email.policy
import re

from django.core import mail
from django.utils.html import format_html

import pytest

from subscriptions import delivery
from subscriptions.models import Delivery, Subscriber
from subscriptions.rendering import IssueEmail, absolute_urls, email_safe, html_to_text
from subscriptions.tokens import unsubscribe_url

from .conftest import add_issue


def parse(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def html_and_text(parsed):
    html = parsed.get_body(preferencelist=("html",)).get_content()
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    return html, text


@pytest.fixture
def https_site(settings, home_page):
    """The site as it runs in production: one public HTTPS address for pages and email links."""
    from wagtail.models import Site

    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    Site.objects.filter(root_page=home_page).update(hostname="news.example.org", port=443)


@pytest.mark.django_db
def test_headers_of_an_issue(issue, subscribers, https_site):
    subscriber = subscribers[0]
    parsed = parse(IssueEmail(issue).message_for(subscriber, unsubscribe_url(subscriber)))

    assert parsed["To"] == subscriber.email
    assert parsed["Subject"] == "Kingstanding Watch: March 2026"
    assert parsed["List-Unsubscribe"].strip() == f"<{unsubscribe_url(subscriber)}>"
    assert (
        parsed["List-Unsubscribe"].strip().startswith("<https://news.example.org/subscriptions/unsubscribe/")
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["List-Id"] == f"Kingstanding Watch <newsletter-{issue.get_parent().pk}.news.example.org>"
    assert re.fullmatch(r"<[^@<>]+@news\.example\.org>", parsed["Message-ID"])
    assert parsed.get_content_type() == "multipart/alternative"


@pytest.mark.django_db
def test_every_recipient_gets_their_own_unsubscribe_link_and_message_id(issue, subscribers):
    rendered = IssueEmail(issue)
    first, second = (parse(rendered.message_for(s, unsubscribe_url(s))) for s in subscribers[:2])
    assert first["List-Unsubscribe"] != second["List-Unsubscribe"]
    assert first["Message-ID"] != second["Message-ID"]
    for parsed, subscriber in ((first, subscribers[0]), (second, subscribers[1])):
        html, text = html_and_text(parsed)
        assert unsubscribe_url(subscriber) in html
        assert unsubscribe_url(subscriber) in text


@pytest.mark.django_db
def test_html_is_inlined_absolute_and_has_no_script_or_tracking(issue, subscribers, https_site):
    subscriber = subscribers[0]
    html, text = html_and_text(parse(IssueEmail(issue).message_for(subscriber, unsubscribe_url(subscriber))))

    assert "<script" not in html.lower()
    assert "<style" not in html.lower()  # inlined into style="" attributes
    assert 'style="' in html and "max-width: 600px" in html
    for url in re.findall(r"""(?:href|src)="([^"]+)\"""", html):
        assert url.startswith(("https://", "mailto:")), url
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 2  # the lead image and the image block, nothing hidden
    for image in images:
        assert 'alt="Houses on Kings Road."' in image  # the image's own alt text
        assert 'src="https://news.example.org/media/' in image
    assert 'href="https://news.example.org/kingstanding/"' in html  # internal link made absolute
    assert 'href="https://example.org/join"' in html  # external link untouched: no redirector
    for words in ("Dates for your diary", "New bins", "Fake water board callers", "Watch meeting", "Police"):
        assert words in html
        assert words in text or words.upper() in text
    assert "Courier scams (https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in text
    assert "<" not in text


@pytest.mark.django_db
def test_unknown_block_types_fall_back_to_their_web_template(issue):
    from wagtail import blocks

    class MysteryBlock(blocks.StructBlock):
        """A block added later with only a web rendering, and a script in it."""

        text = blocks.CharBlock()

        def render_basic(self, value, context=None):
            return format_html(
                '<div><a href="/somewhere/">{}</a><img src="/media/x.png" alt="">'
                '<script>alert("no")</script></div>',
                value["text"],
            )

    body_block = issue.body.stream_block
    body_block.child_blocks["mystery"] = MysteryBlock(name="mystery")
    try:
        issue.body = [{"type": "mystery", "value": {"text": "Surprise"}}]
        from subscriptions.rendering import render_block_for_email

        markup = str(render_block_for_email(issue.body[0], {}))
    finally:
        del body_block.child_blocks["mystery"]
    assert "Surprise" in markup
    assert "<script" not in markup
    assert 'href="http://testserver/somewhere/"' in markup
    assert 'src="http://testserver/media/x.png"' in markup


def test_absolute_urls_and_email_safe():
    markup = '<a href="/a/">a</a> <img src="/m.png" srcset="/m.png 1x, /m2.png 2x"> <a href="//cdn/x">x</a>'
    fixed = absolute_urls(markup, "https://n.example")
    assert 'href="https://n.example/a/"' in fixed
    assert 'srcset="https://n.example/m.png 1x, https://n.example/m2.png 2x"' in fixed
    # A mail client has no page scheme to borrow, so a scheme-relative address is given one.
    assert 'href="https://cdn/x"' in fixed
    cleaned = email_safe('<p onclick="x()">Hi</p><script>alert(1)</script><iframe src="x"></iframe>')
    assert cleaned == "<p>Hi</p>"


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src=x onerror="alert(1)">',
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)></svg>",
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<object data="x"></object><embed src="x"><form action="/x"><input></form>',
    ],
)
def test_email_html_keeps_no_script_handler_or_active_content(hostile):
    cleaned = email_safe(f"<p>Hello</p>{hostile}").lower()
    assert "<p>hello</p>" in cleaned
    for trace in ("onerror", "onload", "alert", "javascript:", "<script", "<object", "<embed", "<form"):
        assert trace not in cleaned, (hostile, cleaned)


def test_html_to_text():
    text = html_to_text(
        '<h2>Title</h2><p>See <a href="https://x.org/">the council</a>.</p><ul><li>One</li></ul>'
    )
    assert text == "Title\nSee the council (https://x.org/).\n\n- One"


@pytest.mark.django_db
def test_sent_through_a_real_smtp_server(
    issue, subscribers, smtp_server, client, django_capture_on_commit_callbacks
):
    """End to end: start a send, the worker task delivers over SMTP, the links in the mail work."""
    with django_capture_on_commit_callbacks(execute=True):
        delivery.start_send(issue)

    assert len(smtp_server.messages) == len(subscribers)
    assert sorted(rcpt[0] for rcpt, _ in smtp_server.messages) == sorted(s.email for s in subscribers)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}

    rcpt, raw = smtp_server.messages[0]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    html, text = html_and_text(parsed)
    assert "Dates for your diary" in html and "Dates for your diary" in text
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = parsed["List-Unsubscribe"].strip().strip("<>")
    assert link in html

    path = link.removeprefix("http://testserver")
    subscriber = Subscriber.objects.get(email=rcpt[0])
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED  # a GET never unsubscribes
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_sign_up_mail_through_a_real_smtp_server(newsletter, smtp_server, client):
    client.post(f"/subscriptions/{newsletter.pk}/", {"email": "pat@example.org"})
    assert len(smtp_server.messages) == 1
    parsed = email.message_from_bytes(smtp_server.messages[0][1], policy=email.policy.default)
    html, text = html_and_text(parsed)
    link = re.search(r"http://testserver(/subscriptions/confirm/\S+/)", text).group(1)
    assert link in html
    client.post(link)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_test_copy_goes_to_the_editor_only_and_is_marked(issue, subscribers):
    from subscriptions.tasks import send_test_issue

    send_test_issue.enqueue(issue.pk, "editor@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert message.subject.startswith("[Test] ")
    assert "List-Unsubscribe" not in message.extra_headers
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_blog_post_body_renders_too(blog):
    post = add_issue(blog, title="Blog post")
    subject, _text, html = IssueEmail(post).parts
    assert "Blog post" in subject and "Dates for your diary" in html


@pytest.mark.django_db
def test_unsubscribe_links_for_a_send_match_the_single_link(subscribers):
    from subscriptions.tokens import UnsubscribeLinks

    links = UnsubscribeLinks()
    assert [links(s) for s in subscribers] == [unsubscribe_url(s) for s in subscribers]


@pytest.mark.django_db
def test_an_issue_comes_from_its_publication_and_replies_go_to_its_reply_to_address(
    issue, newsletter, subscribers, settings
):
    settings.DEFAULT_FROM_EMAIL = "Patchwork <noreply@news.example.org>"
    newsletter.email_sender_name = "Kingstanding Neighbourhood Watch"
    newsletter.email_reply_to = "editor@kingstanding-watch.org"
    newsletter.save()
    subscriber = subscribers[0]
    parsed = parse(IssueEmail(issue).message_for(subscriber, unsubscribe_url(subscriber)))

    # The publication's name on the site's own address: mail providers accept it as genuine.
    assert parsed["From"] == "Kingstanding Neighbourhood Watch <noreply@news.example.org>"
    assert parsed["Reply-To"] == "editor@kingstanding-watch.org"
    html, text = html_and_text(parsed)
    assert "Just reply to this email" in html
    assert "Just reply to this email" in text


@pytest.mark.django_db
def test_without_a_reply_to_address_the_issue_does_not_invite_replies(
    issue, newsletter, subscribers, settings
):
    settings.DEFAULT_FROM_EMAIL = "Patchwork <noreply@news.example.org>"
    subscriber = subscribers[0]
    parsed = parse(IssueEmail(issue).message_for(subscriber, unsubscribe_url(subscriber)))

    assert parsed["From"] == "Kingstanding Watch <noreply@news.example.org>"  # the title by default
    assert parsed["Reply-To"] is None
    html, text = html_and_text(parsed)
    assert "reply to this email" not in html.lower() and "reply to this email" not in text.lower()
    assert "watch@example.org" in html and "watch@example.org" in text  # the public contact instead


@pytest.mark.django_db
def test_the_sign_up_email_comes_from_the_publication_too(
    newsletter, settings, django_capture_on_commit_callbacks
):
    from subscriptions import signup

    settings.DEFAULT_FROM_EMAIL = "noreply@news.example.org"
    newsletter.email_reply_to = "editor@kingstanding-watch.org"
    newsletter.save()
    with django_capture_on_commit_callbacks(execute=True):
        signup.sign_up(newsletter, "new@example.org", name="", source="")
    message = mail.outbox[-1]
    assert message.from_email == "Kingstanding Watch <noreply@news.example.org>"
    assert message.reply_to == ["editor@kingstanding-watch.org"]
