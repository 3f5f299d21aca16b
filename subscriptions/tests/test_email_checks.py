"""Send-time checks on an issue's email: each kind of warning, a clean issue with none, and the
confirmation screen showing them with the plain-text version (warnings never stop a send)."""

from django.urls import reverse

import pytest

from newsletters.models import PostPage
from subscriptions.email_checks import CLIP_BYTES, email_warnings
from subscriptions.models import Delivery
from subscriptions.rendering import UNSUBSCRIBE_PLACEHOLDER

from .conftest import add_issue, make_subscribers
from .test_admin import editor

SITE = "https://news.example.org/"
WORDS = " ".join(["Neighbours"] * 120)


def email(content, footer=""):
    return (
        '<!DOCTYPE html><html lang="en"><head><style>p { margin: 0; }</style></head><body>'
        f'<table role="presentation"><tr><td>{content}</td></tr><tr><td>{footer}'
        f'<a href="{UNSUBSCRIBE_PLACEHOLDER}">Unsubscribe</a></td></tr></table></body></html>'
    )


def codes(warnings):
    return [warning.code for warning in warnings]


def test_a_clean_issue_has_no_warnings():
    html = email(
        f"<h1>March</h1><p>{WORDS}</p>"
        f'<p><img src="{SITE}media/images/kings-road.width-1200.jpg" alt="Houses on Kings Road."></p>'
        f'<p><a href="{SITE}kingstanding/">Kingstanding</a> <a href="mailto:a@example.org">mail</a></p>'
        '<img src="https://news.example.org/static/spacer.gif" width="1" height="1" alt="">'
    )
    assert email_warnings(html, WORDS, site_url=SITE) == []


def test_pictures_without_a_description_are_named():
    html = email(
        f"<p>{WORDS}</p>"
        f'<img src="{SITE}media/images/seed_swap.width-1200.format-jpeg.jpg" alt="">'
        f'<img src="{SITE}media/images/map.width-1200.format-jpeg.jpg">'
        f'<img src="{SITE}media/images/leaf.jpg" alt="" role="presentation">'
        f'<img src="{SITE}media/images/border.jpg" height="2">'
    )
    names = {
        "seed_swap.width-1200.format-jpeg.jpg": "Seed swap",
        "map.width-1200.format-jpeg.jpg": "Allotment map",
    }
    warnings = email_warnings(html, WORDS * 2, site_url=SITE, image_names=names)
    assert codes(warnings) == ["missing-alt"]
    message = warnings[0].message
    assert message.startswith("2 pictures have no description: “Seed swap”, “Allotment map”.")
    assert "screen readers" in message
    assert "leaf" not in message  # marked decorative
    assert "border" not in message  # a spacer


def test_links_to_the_admin_previews_and_this_computer_are_flagged(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example.org"
    html = email(
        f"<p>{WORDS}</p>"
        f'<a href="{SITE}admin/pages/5/edit/preview/">preview</a>'
        f'<a href="{SITE}admin/pages/5/">edit</a>'
        '<a href="http://localhost:8000/news/">local</a>'
        '<a href="http://127.0.0.1:8000/news/">loopback</a>'
        '<a href="https://admin.example.org/news/">admin host</a>'
        f'<a href="{SITE}news/">fine</a>'
    )
    warnings = email_warnings(html, WORDS, site_url=SITE)
    assert codes(warnings) == ["private-link"]
    message = warnings[0].message
    assert message.startswith("5 links go to addresses readers cannot open")
    for address in (
        f"{SITE}admin/pages/5/edit/preview/",
        "http://localhost:8000/news/",
        "http://127.0.0.1:8000/news/",
        "https://admin.example.org/news/",
    ):
        assert address in message
    assert f"{SITE}news/" not in message.replace(f"{SITE}news/ ", "")  # the good link is not named
    assert UNSUBSCRIBE_PLACEHOLDER not in message


def test_the_admin_host_is_fine_when_it_is_the_sites_own(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    html = email(f'<p>{WORDS}</p><a href="{SITE}news/">news</a>')
    assert email_warnings(html, WORDS, site_url=SITE) == []


def test_an_issue_that_is_mostly_pictures_is_flagged():
    pictures = "".join(f'<img src="{SITE}media/images/p{n}.jpg" alt="Poster {n}">' for n in range(3))
    text = "March posters. See https://news.example.org/march/ for details."
    warnings = email_warnings(email(f"<p>{text}</p>{pictures}"), text, site_url=SITE)
    assert codes(warnings) == ["mostly-images"]
    assert "5 words of text for 3 pictures" in warnings[0].message  # the address is not a word


def test_an_email_that_mail_clients_would_clip_says_its_size():
    long_text = "<p>" + "Lovely street. " * 9000 + "</p>"  # about 135 KB
    html = email(long_text)
    assert len(html.encode()) > CLIP_BYTES
    warnings = email_warnings(html, WORDS, site_url=SITE)
    assert codes(warnings) == ["clipped"]
    assert f"{round(len(html.encode()) / 1024)} KB" in warnings[0].message
    assert "Gmail" in warnings[0].message
    assert email_warnings(email("<p>" + "Lovely street. " * 6000 + "</p>"), WORDS, site_url=SITE) == []


@pytest.fixture
def publisher(django_user_model, newsletter):
    return editor(django_user_model, "publisher", newsletter, ["add_page", "change_page", "publish_page"])


@pytest.mark.django_db
def test_the_confirmation_screen_shows_the_warnings_and_the_plain_text_and_still_sends(
    client, newsletter, picture, publisher
):
    issue = add_issue(newsletter, title="Seed swap issue", picture=picture)
    issue.body.append(("paragraph", '<p><a href="/admin/pages/1/edit/preview/">See the draft</a></p>'))
    issue.save_revision().publish()
    body = issue.body.get_prep_value()
    for block in body:
        if block["type"] == "image":  # a picture block saved before descriptions were required
            block["value"]["image"]["alt_text"] = ""
    PostPage.objects.filter(pk=issue.pk).update(body=body)
    make_subscribers(newsletter, 2)
    client.force_login(publisher)
    url = reverse("subscriptions_sending:confirm", args=[issue.pk])

    page = client.get(url).content.decode()

    assert 'data-warning="missing-alt"' in page
    assert "“Kings Road”" in page  # the lead picture, named by its title
    assert 'data-warning="private-link"' in page
    assert "/admin/pages/1/edit/preview/" in page
    assert "The plain-text version" in page
    assert "Brown bins from March." in page  # the issue's own words, as text
    assert "See the draft (" in page
    assert UNSUBSCRIBE_PLACEHOLDER not in page

    client.post(url)
    assert Delivery.objects.filter(post=issue).count() == 2  # warnings do not block the send


@pytest.mark.django_db
def test_a_well_made_issue_shows_no_warnings_but_still_its_plain_text(client, newsletter, publisher):
    issue = add_issue(newsletter, title="Plain issue")
    make_subscribers(newsletter, 1)
    client.force_login(publisher)
    page = client.get(reverse("subscriptions_sending:confirm", args=[issue.pk])).content.decode()
    assert "data-warning=" not in page
    assert "The plain-text version" in page
    assert "Fake water board callers" in page


@pytest.mark.django_db
def test_a_picture_marked_decorative_is_not_counted_as_undescribed(client, newsletter, picture, publisher):
    issue = add_issue(newsletter, title="Decorated issue", picture=picture)
    body = issue.body.get_prep_value()
    for block in body:
        if block["type"] == "image":
            block["value"]["image"].update(alt_text="", decorative=True)
    issue.body = body
    issue.save_revision().publish()
    make_subscribers(newsletter, 1)
    client.force_login(publisher)
    page = client.get(reverse("subscriptions_sending:confirm", args=[issue.pk])).content.decode()
    assert 'data-warning="missing-alt"' not in page
    assert "The plain-text version" in page
