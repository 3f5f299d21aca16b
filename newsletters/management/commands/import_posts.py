from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters.importing import FetchError, SourceError, fetch, import_posts
from newsletters.queries import NotOnePublication, publication_named

MAX_FEED_BYTES = 200 * 1024 * 1024


def read(source):
    if "://" in source:
        try:
            return fetch(source, MAX_FEED_BYTES)[0]
        except FetchError as error:
            raise CommandError(str(error)) from error
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (WXR, also Blogger converted to WXR) or of an RSS or "
        "Atom feed (a file or an address) into a publication. Each post keeps its title, date, author, "
        "tags and body; pictures are downloaded into the publication's collection. Running it again "
        "updates the posts it made instead of adding copies."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The WXR or feed file, or the feed's http(s) address.")
        parser.add_argument("--publication", required=True, help="The publication's page id or slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--redirects",
            action="store_true",
            help="Redirect the posts' old addresses (their paths, on this site) to the new pages.",
        )

    def handle(self, *args, **options):
        try:
            publication = publication_named(options["publication"])
        except NotOnePublication as error:
            raise CommandError(str(error)) from error
        data = read(options["source"])
        verbosity = options["verbosity"]

        def progress(done, total, outcome):
            if outcome.action == "skip":
                self.stdout.write(self.style.WARNING(f"  skipped “{outcome.title}”: {outcome.reason}"))
            elif verbosity > 1:
                self.stdout.write(f"  {outcome.action}: {outcome.title}")
            for warning in outcome.warnings:
                self.stdout.write(f"  “{outcome.title}”: {warning}")
            if verbosity and (done % 50 == 0 or done == total):
                self.stdout.write(f"  {done}/{total} posts")

        try:
            report = import_posts(
                publication,
                data,
                dry_run=options["dry_run"],
                redirects=options["redirects"],
                progress=progress,
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        kind = {"wxr": "WordPress export", "rss": "RSS feed", "atom": "Atom feed"}[report.format]
        self.stdout.write(f"{kind} “{report.source_title}” into {publication.title}.")
        for name in report.authors_created:
            self.stdout.write(f"  new author “{name}” (not shown publicly until they agree)")
        prefix = "Dry run, nothing changed: " if report.dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))
