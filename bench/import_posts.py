"""Importing a 5,000-post WordPress export into one publication, in posts per second.

Writes a WXR file like a long-running community blog's (paragraphs, headings, lists, tags from a
pool of 30, two authors, a link to an earlier post in every tenth, a YouTube video in every
fiftieth, comments on some, a few drafts) and imports it with ``newsletters.importing.import_posts``,
as ``manage.py import_posts`` does: one transaction per post, each saved as a revision and
published. With ``--images N`` the posts share N small pictures served by a local http.server,
each downloaded once. Tasks (search index, reference index) are queued in the database as on a
real site (``django-tasks-db``), not run in line. With ``--again`` the same file is then
imported again (every post updated). Runs in a throwaway PostgreSQL database (``test_`` + the
name in DATABASE_URL), dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/import_posts.py
    ... bench/import_posts.py --posts 500 --images 5        # a quicker, smaller run
"""

import argparse
import datetime
import functools
import http.server
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django
from django.conf import settings

settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
django.setup()

from django.db import connection  # noqa: E402

BLOG = "https://oldblog.example.org"
TOPICS = ["bins", "scams", "meetings", "roads", "parks", "police", "library", "buses", "schools", "litter"]


def cdata(text):
    return f"<![CDATA[{text}]]>"


def make_wxr(posts, images, image_base):
    first = datetime.datetime(2012, 1, 2, 9, 0)
    items = []
    for number in range(1, posts + 1):
        day = first + datetime.timedelta(days=number // 2, hours=number % 2 * 5)
        slug = f"post-{number}"
        link = f"{BLOG}/{day:%Y/%m}/{slug}/"
        topic = TOPICS[number % len(TOPICS)]
        body = [
            f"<p>News for week {number}: the {topic} working group met on {day:%A}.</p>",
            f"<h2>What happened about {topic}</h2>",
            "<p>Residents raised <strong>three</strong> points, and the council said it would reply "
            "within <em>two weeks</em>.</p>",
            "<ul><li>Ask at the library</li><li>Ring 101</li><li>Tell a neighbour</li></ul>",
        ]
        if number % 10 == 0 and number > 1:
            earlier = number - 7 if number > 7 else 1
            earlier_day = first + datetime.timedelta(days=earlier // 2, hours=earlier % 2 * 5)
            body.append(
                f'<p>See also <a href="{BLOG}/{earlier_day:%Y/%m}/post-{earlier}/">an earlier post</a>.</p>'
            )
        if images and number % 5 == 0:
            body.append(
                f'<p><img src="{image_base}/picture-{number % images}.png" '
                f'alt="Picture {number % images}"></p>'
            )
        if number % 50 == 0:
            body.append("<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>")
        status = "draft" if number % 97 == 0 else "publish"
        comments = "".join(
            f"<wp:comment><wp:comment_id>{number * 10 + c}</wp:comment_id>"
            f"<wp:comment_content>{cdata('Thanks!')}</wp:comment_content></wp:comment>"
            for c in range(number % 3)
        )
        items.append(
            f"<item><title>{cdata(f'Week {number}: {topic}')}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{BLOG}/?p={number}</guid>'
            f"<dc:creator>{cdata('maureen' if number % 2 else 'dev')}</dc:creator>"
            f"<content:encoded>{cdata(''.join(body))}</content:encoded>"
            f"<wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date>{cdata(f'{day:%Y-%m-%d %H:%M:%S}')}</wp:post_date>"
            f"<wp:post_date_gmt>{cdata(f'{day:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>"
            f"<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>"
            f"<wp:post_type>{cdata('post')}</wp:post_type>"
            f'<category domain="post_tag" nicename="{topic}">{cdata(topic.title())}</category>'
            f'<category domain="category" nicename="news">{cdata("News")}</category>'
            f"{comments}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>Old blog</title><link>{BLOG}</link><wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_blog_url>{BLOG}</wp:base_blog_url>"
        "<wp:author><wp:author_login>maureen</wp:author_login>"
        "<wp:author_display_name>Maureen Lewis</wp:author_display_name></wp:author>"
        "<wp:author><wp:author_login>dev</wp:author_login>"
        "<wp:author_display_name>Dev Patel</wp:author_display_name></wp:author>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve_pictures(folder, count):
    from PIL import Image

    for number in range(count):
        Image.new("RGB", (64, 48), (number * 40 % 256, 120, 200)).save(folder / f"picture-{number}.png")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_publication():
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage, PlacePage
    from newsletters.models import PublicationPage

    Locale.objects.get_or_create(language_code="en-gb")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench Town", slug="bench-town"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    place = home.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    return place.add_child(instance=PublicationPage(title="Old blog", slug="old-blog", kind="blog"))


def timed_import(publication, data, label):
    from django.db import reset_queries

    from newsletters.importing import import_posts

    reset_queries()
    started = time.perf_counter()
    last = [started]

    def progress(done, total, outcome):
        now = time.perf_counter()
        if done % 500 == 0 or done == total:
            print(f"  {label}: {done}/{total} posts, {done / (now - started):.1f} posts/s", flush=True)
            last[0] = now

    report = import_posts(publication, data, progress=progress)
    elapsed = time.perf_counter() - started
    posts = len(report.created) + len(report.updated)
    print(f"{label}: {report.summary()}")
    print(f"{label}: {posts} posts in {elapsed:.1f} s = {posts / elapsed:.1f} posts/s")
    return posts / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--images", type=int, default=3, help="distinct pictures (0 for none)")
    parser.add_argument("--again", action="store_true", help="then import the same file again (updates)")
    args = parser.parse_args()
    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    with tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = str(Path(folder) / "media")
        server, image_base = serve_pictures(Path(folder), args.images) if args.images else (None, "")
        data = make_wxr(args.posts, args.images, image_base)
        print(f"WXR file: {args.posts} posts, {len(data) / 1e6:.1f} MB, {args.images} distinct pictures")
        print(
            f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f}; Python {platform.python_version()}"
        )
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            publication = build_publication()
            first = timed_import(publication, data, "first import")
            summary = f"posts/s: {first:.1f} first import"
            if args.again:
                again = timed_import(publication, data, "second import (updates)")
                summary += f", {again:.1f} importing again"
            print(f"{summary}; load average now {os.getloadavg()[0]:.1f}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if server:
                server.shutdown()


if __name__ == "__main__":
    main()
