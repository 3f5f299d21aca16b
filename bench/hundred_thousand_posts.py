"""Page times and queries with 100,000 posts in 200 publications across 50 places.

Builds the query-ceiling town (cms/tests/rich_site.py: pictures, tags, named and unnamed
authors, surgeries, centres) with 50 places, adds publications until there are 200, then
bulk-inserts posts straight into the page tree (treebeard paths computed here, a few
thousand rows per statement) until there are 100,000, each with a lead picture, two tags
and two authors. Then it visits each page once (drawing its pictures) and times
``--runs`` anonymous visits with the Django test client, printing median, p95 and the
queries of one visit. Runs in a throwaway PostgreSQL database (``test_`` + the name in
DATABASE_URL), dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/hundred_thousand_posts.py
    ... bench/hundred_thousand_posts.py --posts 10000 --runs 10     # a quicker, smaller run
    ... bench/hundred_thousand_posts.py --keep     # keep the database; the next --keep run reuses it
"""

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PLACES = 50
KEEP_HELP = "keep the built database afterwards and reuse it if it is there (drop it with dropdb when done)"
PUBLICATIONS = 200


def add_publications(site, total):
    """Publications spread over the place and its streets until there are ``total``."""
    from home.models import PlacePage
    from newsletters.models import PublicationPage

    places = [site.place, *PlacePage.objects.child_of(site.place).order_by("path")]
    publications = [site.publication]
    for n in range(total - 1):
        parent = places[n % len(places)]
        publications.append(
            parent.add_child(instance=PublicationPage(title=f"Street news {n}", slug=f"street-news-{n}"))
        )
        parent.refresh_from_db()
    return publications


def bulk_posts(publications, total, images):
    """Insert posts until the site has ``total``: Page rows by bulk_create, the rest by COPY-sized inserts."""
    from django.contrib.contenttypes.models import ContentType

    from taggit.models import Tag
    from wagtail.models import Page

    from newsletters.models import Author, PostPage, PostPageTag

    existing = PostPage.objects.count()
    per_publication = (total - existing) // len(publications)
    content_type = ContentType.objects.get_for_model(PostPage)
    tags = [Tag.objects.get_or_create(name=f"topic {n}", slug=f"topic-{n}")[0] for n in range(40)]
    tags.append(Tag.objects.get(slug="bins"))
    authors = list(Author.objects.all())
    now = timezone.now()
    first_day = datetime.date(2005, 1, 1)
    through = PostPage.authors.through
    for number, publication in enumerate(publications):
        publication = Page.objects.get(pk=publication.pk)
        last = publication.get_last_child()
        start = Page._str2int(last.path[-Page.steplen :]) if last else 0
        count = per_publication + (
            total - existing - per_publication * len(publications) if number == 0 else 0
        )
        pages = []
        for n in range(count):
            slug = f"post-{n}"
            pages.append(
                Page(
                    title=f"Post {n} of {publication.title}",
                    draft_title=f"Post {n} of {publication.title}",
                    slug=slug,
                    content_type=content_type,
                    path=publication.path + Page._int2str(start + n + 1).rjust(Page.steplen, "0"),
                    depth=publication.depth + 1,
                    numchild=0,
                    url_path=f"{publication.url_path}{slug}/",
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=publication.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(pages, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO newsletters_postpage (page_ptr_id, date, intro, body, lead_image_id,"
                " coverage, coverage_summary, hashtag) VALUES (%s, %s, %s, '[]', %s, '', '', '')",
                [
                    (
                        page.pk,
                        first_day + datetime.timedelta(days=(n * 7 + number) % 7000),
                        f"<p>What happened, part {n}.</p>",
                        images[(n + number) % len(images)].pk,
                    )
                    for n, page in enumerate(pages)
                ],
            )
        PostPageTag.objects.bulk_create(
            [
                PostPageTag(content_object_id=page.pk, tag=tags[(n + shift) % len(tags)])
                for n, page in enumerate(pages)
                for shift in (0, 7)
            ],
            batch_size=5000,
        )
        through.objects.bulk_create(
            [through(postpage_id=page.pk, author=author) for page in pages for author in authors],
            batch_size=5000,
        )
        Page.objects.filter(pk=publication.pk).update(numchild=publication.numchild + count)
        if number % 20 == 0:
            print(f"  {PostPage.objects.count():,} posts", flush=True)
    connection.cursor().execute("ANALYZE")


def index_posts(batch=2000, progress=print):
    """Put the bulk-inserted posts into Wagtail's search index, ``batch`` at a time, as publishing would.

    Uses the search backend's own indexer (what ``update_index`` does, for posts only)."""
    from wagtail.search.backends import get_search_backend

    from newsletters.models import PostPage

    index = get_search_backend().get_index_for_model(PostPage)
    ids = list(PostPage.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        posts = PostPage.objects.filter(pk__in=ids[start : start + batch]).prefetch_related("tags")
        index.add_items(PostPage, list(posts))
        progress(min(start + batch, len(ids)), len(ids))
    connection.cursor().execute("ANALYZE wagtailsearch_indexentry")
    return len(ids)


def pages_to_time(site):
    from newsletters.listing import cursor_of
    from newsletters.models import PostPage

    watch = site.publication.url
    posts = site.publication.posts()
    oldest = list(posts.order_by("date", "pk")[:11])
    tagged = list(posts.filter(tags__slug="bins").order_by("date", "pk")[:11])
    post = posts.order_by("date", "pk")[len(oldest) // 2]
    year = post.date.year
    return {
        "home": "/",
        "place": site.place.url,
        "publication": watch,
        "publication, last page": watch + "?" + cursor_of(oldest[-1]),
        "publication archive": watch + "archive/",
        "archive month": watch + f"archive/{year}/{post.date.month}/",
        "tag": watch + "tags/bins/",
        "tag, last page": watch + "tags/bins/?" + cursor_of(tagged[-1]),
        "author": watch + "authors/maureen-lewis/",
        "post": post.url,
        "publication RSS": reverse("newsletters:publication_rss", args=[site.publication.pk]),
        "site RSS": reverse("newsletters:site_rss"),
        "place RSS": reverse("newsletters:place_rss", args=[site.place.pk]),
        "sitemap index": "/sitemap.xml",
        "_posts": PostPage.objects.count(),
    }


def time_pages(urls, runs):
    client = Client()
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url  # draws pictures once
        connection.queries_log.clear()  # it keeps 9,000 queries; building the site fills it
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # Read now: the list is a slice of connection.queries, which the next request empties.
        queries = len(captured)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        yield name, statistics.median(times), p95, queries, len(response.content)


@contextlib.contextmanager
def throwaway_database(keep=False):
    """A test database of its own, made as pytest makes one and dropped afterwards, for one benchmark.

    With ``keep`` the database is kept afterwards and reused when it is there already (as
    ``pytest --reuse-db`` does), so a built town can be timed again without building it."""
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    media = Path(tempfile.gettempdir()) / f"patchwork-bench-media-{settings.DATABASES['default']['NAME']}"
    media.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = str(media) if keep else tempfile.mkdtemp(prefix="patchwork-bench-media-")
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=not keep, serialize=False, keepdb=keep
    )
    try:
        yield
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def built_town(posts):
    """The town a kept database already holds (``--keep``), or None if it has fewer than ``posts`` posts."""
    from types import SimpleNamespace

    from home.models import PlacePage
    from newsletters.models import PostPage, PublicationPage

    count = PostPage.objects.count()
    if count < posts:
        # The build is one transaction: a kept database has the whole town or only the rich site's posts.
        assert count < 1000, f"The kept database has {count:,} posts, not {posts:,}: drop it"
        return None
    place = PlacePage.objects.get(slug="kingstanding", locale__language_code=settings.LANGUAGE_CODE)
    publication = PublicationPage.objects.child_of(place).get(slug="watch")
    print(f"Reusing the town kept in {connection.settings_dict['NAME']}", flush=True)
    return SimpleNamespace(place=place, publication=publication)


def town(posts, keep):
    """The town of ``posts`` posts: the kept one if ``keep`` and it is there, else built now."""
    return (built_town(posts) if keep else None) or build_town(posts)


def build_town(posts):
    """The picture-filled test town with PUBLICATIONS publications and `posts` posts among them."""
    from cms.tests.rich_site import build_rich_site, small_image

    started = time.perf_counter()
    with transaction.atomic():
        site = build_rich_site(PLACES - 1)
        publications = add_publications(site, PUBLICATIONS)
        images = [small_image(f"Photo {n}", (n * 9 % 255, 90, 140)) for n in range(20)]
        bulk_posts(publications, posts, images)
    print(f"Built in {time.perf_counter() - started:.0f} s", flush=True)
    return site


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help=KEEP_HELP)
    args = parser.parse_args()
    with throwaway_database(keep=args.keep):
        site = town(args.posts, args.keep)
        cache.clear()
        urls = pages_to_time(site)
        print(f"{urls.pop('_posts'):,} posts, {PUBLICATIONS} publications, {PLACES} places\n")
        sitemap_index = Client().get("/sitemap.xml").content.decode()
        import re

        pages = re.findall(r"<loc>https?://[^/]+(.*?)</loc>", sitemap_index)
        print(f"The sitemap index lists {len(pages)} sitemap pages; timing the first and the last.")
        urls["sitemap page 1"] = pages[0]
        urls[f"sitemap page {len(pages)}"] = pages[-1].replace("&amp;", "&")
        print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KB':>8}")
        for name, median, p95, queries, size in time_pages(urls, args.runs):
            print(f"{name:<24}{median:>10.1f}{p95:>9.1f}{queries:>9}{size / 1024:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
