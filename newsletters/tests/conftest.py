"""Fixtures for the newsletters tests: a publication in Kingstanding and a way to fill it with posts."""

import datetime

from django.urls import reverse

import pytest

from newsletters.models import Author, PostPage, PublicationPage

FIRST_ISSUE = datetime.date(2020, 1, 6)


@pytest.fixture
def authors(db):
    return {
        "named": Author.objects.create(name="Maureen Lewis", slug="maureen-lewis", show_publicly=True),
        "private": Author.objects.create(name="Susan Clarke", slug="susan-clarke", show_publicly=False),
    }


@pytest.fixture
def publication(place):
    """A live newsletter under the Kingstanding place page."""
    watch = PublicationPage(
        title="Kingstanding Watch",
        slug="watch",
        kind=PublicationPage.Kind.NEWSLETTER,
        intro="<p>Monthly news from the Watch.</p>",
        frequency="Monthly",
        contact_name="Maureen Lewis",
        contact_email="watch@example.org",
        contact_phone="0121 496 0000",
    )
    place.add_child(instance=watch)
    return watch


def issue_body(number):
    """A body with a block of every kind that needs no database lookups."""
    return [
        ("heading", {"text": f"News for issue {number}", "level": "h2"}),
        ("paragraph", '<p>Read <a href="/kingstanding/">more about Kingstanding</a>.</p>'),
        (
            "news_item",
            {"headline": "Bins", "text": "<p>Blue bins on Tuesday.</p>", "link": "https://example.org/bins"},
        ),
        (
            "safety_alert",
            {
                "title": "Courier fraud",
                "details": "<p>Hang up.</p>",
                "how_to_report": "Call 101.",
                "report_link": "",
            },
        ),
        ("quote", {"text": "Good neighbours.", "attribution": "Pat"}),
    ]


@pytest.fixture
def make_posts(publication, picture, authors):
    """``make_posts(n)``: n live issues, one a week, newest last, with a picture, tags and authors."""

    def make(count, parent=None, **fields):
        parent = parent or publication
        posts = []
        for number in range(count):
            post = PostPage(
                title=f"Issue {number + 1}",
                slug=f"issue-{number + 1}",
                date=FIRST_ISSUE + datetime.timedelta(weeks=number),
                intro=f"<p>What happened in week {number + 1}.</p>",
                lead_image=picture,
                body=issue_body(number + 1),
                **fields,
            )
            post.tags.add("bins", "scams" if number % 2 else "meetings")
            post.authors.set([authors["named"], authors["private"]])
            parent.add_child(instance=post)
            posts.append(post)
        return posts

    return make


@pytest.fixture
def feed_urls(publication, place):
    """Every kind of feed, by name ("tag_rss", "place_atom", ...), in both formats."""
    args = {
        "site": [],
        "publication": [publication.pk],
        "tag": ["bins"],
        "author": ["maureen-lewis"],
        "place": [place.pk],
    }
    return {
        f"{scope}_{fmt}": reverse(f"newsletters:{scope}_{fmt}", args=scope_args)
        for scope, scope_args in args.items()
        for fmt in ("rss", "atom")
    }


from .importing import image_server, wxr  # noqa: E402, F401  (the post import tests' fixtures)
