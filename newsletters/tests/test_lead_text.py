"""A post's introduction: rich text on the page, plain words wherever markup cannot go."""

import datetime
import json
import re

from django.apps import apps
from django.urls import reverse

import feedparser
import pytest

from cms.html import plain_text_as_rich_text
from cms.migrations.operations.fields import move
from newsletters.models import PostPage

pytestmark = pytest.mark.django_db

INTRO = (
    '<p>Bins &amp; scams: <a href="https://example.org/bins">check your day</a>.</p><p>Meeting on Friday.</p>'
)


@pytest.fixture
def post(publication):
    post = PostPage(title="March news", slug="march", date=datetime.date(2026, 3, 2), intro=INTRO)
    publication.add_child(instance=post)
    post.save_revision().publish()
    return post


def test_the_page_keeps_the_link_and_the_meta_tags_get_plain_words(client, post):
    html = client.get(post.url).content.decode()
    assert '<a href="https://example.org/bins">check your day</a>' in html
    words = "Bins &amp; scams: check your day. Meeting on Friday."
    assert f'<meta property="og:description" content="{words}">' in html
    assert f'<meta name="description" content="{words}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["description"] == "Bins & scams: check your day. Meeting on Friday."


def test_feeds_and_cards_carry_the_plain_words(client, post, publication):
    body = client.get(reverse("newsletters:publication_rss", args=[publication.pk])).content
    entry = feedparser.parse(body).entries[0]
    assert entry.summary == "Bins & scams: check your day. Meeting on Friday."
    listing = client.get(publication.url).content.decode()
    assert "<p>Bins &amp; scams: check your day. Meeting on Friday.</p>" in listing


def test_an_empty_introduction_comes_from_the_first_paragraph_as_rich_text(publication):
    post = PostPage(
        title="April",
        slug="april",
        date=datetime.date(2026, 4, 1),
        body=[("paragraph", "<p>Fish & chips.</p>")],
    )
    publication.add_child(instance=post)
    post.full_clean()
    assert post.intro == "<p>Fish &amp; chips.</p>"
    assert post.search_description == "Fish & chips."


def test_a_summary_from_before_the_rename_survives_in_the_table_and_in_drafts(post):
    """What the migration does to a post written when the field was a plain-text summary."""
    PostPage.objects.filter(pk=post.pk).update(intro="Old words & more.\n\nSecond part.")
    draft = post.save_revision()
    content = dict(draft.content)
    content["summary"] = content.pop("intro")
    content["summary"] = "Draft words."
    draft.content = content
    draft.save(update_fields=["content"])

    move(apps, "newsletters", "PostPage", "intro", "summary", "intro", plain_text_as_rich_text)

    post.refresh_from_db()
    assert post.intro == "<p>Old words &amp; more.</p><p>Second part.</p>"
    draft.refresh_from_db()
    assert "summary" not in draft.content
    assert draft.content["intro"] == "<p>Draft words.</p>"
    assert post.get_latest_revision_as_object().intro_text == "Draft words."
