"""Queries and milliseconds for newsletter pages and feeds with 10,000 posts, on PostgreSQL.

Creates a throwaway test database (test_<name>), one newsletter in one place
with N posts (10,000 by default) written in bulk, with tags, authors and a
lead picture, then requests each page several times through Django's test
client and prints the number of SQL queries and the median time. The numbers
of queries should match the small-site figures in
newsletters/tests/test_query_counts.py: they do not grow with the posts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news .venv/bin/python bench/newsletters_pages.py
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 1000
TAGS = ["bins", "scams", "meetings", "parking", "litter", "police", "events", "growing"]


def progress(message):
    print(message, flush=True)


def build_site(post_count):
    """A town, a place and a newsletter holding ``post_count`` live posts, inserted in batches."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.images import ImageFile

    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage, PlacePage
    from newsletters.models import Author, PostPage, PostPageTag, PublicationPage

    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench Town", slug="bench-town", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    place = home.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    watch = place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch",
            slug="watch",
            contact_name="Maureen Lewis",
            contact_email="watch@example.org",
            contact_phone="0121 496 0000",
        )
    )
    picture = get_image_model().objects.create(
        title="Kings Road",
        description="Houses on Kings Road.",
        collection=Collection.get_first_root_node(),
        file=ImageFile(get_test_image_file(size=(1300, 800)).file, name="kings-road.png"),
    )
    authors = [
        Author.objects.create(name="Maureen Lewis", slug="maureen-lewis", show_publicly=True),
        Author.objects.create(name="Dev Patel", slug="dev-patel", show_publicly=True),
    ]
    tags = [Tag.objects.create(name=name, slug=name) for name in TAGS]

    body = [
        ("heading", {"text": "News this month", "level": "h2"}),
        ("paragraph", '<p>Blue bins on Tuesday. <a href="/kingstanding/">More news</a>.</p>'),
        (
            "safety_alert",
            {
                "title": "Courier fraud",
                "details": "<p>Hang up.</p>",
                "how_to_report": "Call 101.",
                "report_link": "",
            },
        ),
    ]
    content_type = ContentType.objects.get_for_model(PostPage)
    now = timezone.now()
    first_date = datetime.date(2026, 1, 1) - datetime.timedelta(days=post_count)
    post_fields = list(PostPage._meta.local_concrete_fields)
    started = time.monotonic()
    for start in range(0, post_count, BATCH):
        numbers = range(start, min(start + BATCH, post_count))
        pages = [
            Page(
                title=f"Issue {n + 1}",
                draft_title=f"Issue {n + 1}",
                slug=f"issue-{n + 1}",
                content_type=content_type,
                path=PostPage._get_path(watch.path, watch.depth + 1, n + 1),
                depth=watch.depth + 1,
                numchild=0,
                url_path=f"{watch.url_path}issue-{n + 1}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
            for n in numbers
        ]
        Page.objects.bulk_create(pages)
        posts = []
        for page, n in zip(pages, numbers, strict=True):
            post = PostPage(
                page_ptr_id=page.pk,
                date=first_date + datetime.timedelta(days=n),
                intro=f"<p>What happened on day {n + 1}.</p>",
                lead_image=picture,
                body=body,
            )
            posts.append(post)
        # bulk_create refuses multi-table models, so insert the child rows the way it would.
        PostPage.objects._insert(posts, fields=post_fields, using=connection.alias)
        PostPageTag.objects.bulk_create(
            [
                PostPageTag(content_object_id=page.pk, tag=tags[n % len(tags)])
                for page, n in zip(pages, numbers, strict=True)
            ]
            + [
                PostPageTag(content_object_id=page.pk, tag=tags[(n + 3) % len(tags)])
                for page, n in zip(pages, numbers, strict=True)
            ]
        )
        PostPage.authors.through.objects.bulk_create(
            [
                PostPage.authors.through(postpage_id=page.pk, author=authors[n % 2])
                for page, n in zip(pages, numbers, strict=True)
            ]
        )
        progress(f"  {numbers[-1] + 1:>6} posts ({time.monotonic() - started:.0f}s)")
    Page.objects.filter(pk=watch.pk).update(numchild=post_count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return place, watch, post_count


def measure(client, url, repeats):
    assert client.get(url).status_code == 200, url  # draws renditions once
    timings, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        queries = len(captured)
    return queries, statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Run this on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/news ...")
        return 1

    from django.test import Client
    from django.urls import reverse

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        progress(f"Building one newsletter with {args.posts} posts in {connection.settings_dict['NAME']}...")
        with transaction.atomic():
            place, watch, count = build_site(args.posts)
        middle = count // 2
        from newsletters.models import PostPage

        post = PostPage.objects.get(slug=f"issue-{middle}")
        urls = [
            ("publication page", "/kingstanding/watch/"),
            ("publication page 500", "/kingstanding/watch/?page=500"),
            ("a post", post.url),
            ("tag page", "/kingstanding/watch/tags/bins/"),
            ("author page", "/kingstanding/watch/authors/dev-patel/"),
            ("archive", "/kingstanding/watch/archive/"),
            ("archive month", f"/kingstanding/watch/archive/{post.date.year}/{post.date.month}/"),
            ("publication RSS", reverse("newsletters:publication_rss", args=[watch.pk])),
            ("site Atom", reverse("newsletters:site_atom")),
            ("tag RSS", reverse("newsletters:tag_rss", args=["scams"])),
            ("place Atom", reverse("newsletters:place_atom", args=[place.pk])),
        ]
        client = Client()
        print(f"\n{'page':<24}{'queries':>8}{'median ms':>12}   url")
        for label, url in urls:
            queries, milliseconds = measure(client, url, args.repeats)
            print(f"{label:<24}{queries:>8}{milliseconds:>12.1f}   {url}")
        feed = client.get(reverse("newsletters:publication_rss", args=[watch.pk]))
        not_modified = client.get(
            reverse("newsletters:publication_rss", args=[watch.pk]), HTTP_IF_NONE_MATCH=feed["ETag"]
        )
        print(
            f"\nA feed reader polling with its ETag gets {not_modified.status_code} "
            f"({len(not_modified.content)} bytes)."
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
