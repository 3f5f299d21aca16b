from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters.importing import FetchError, SourceError, fetch, import_posts
from newsletters.models import PublicationPage

MAX_FEED_BYTES = 200 * 1024 * 1024


def find_publication(reference):
    publications = PublicationPage.objects.all()
    if reference.isdigit():
        found = list(publications.filter(pk=int(reference)))
    else:
        found = list(publications.filter(slug=reference))
    if not found:
        raise CommandError(f'No publication with the id or slug "{reference}".')
    if len(found) > 1:
        choices = ", ".join(f"{page.pk} ({page.url_path})" for page in found)
        raise CommandError(
            f'Several publications have the slug "{reference}"; give the id instead: {choices}.'
        )
    return found[0]


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
        publication = find_publication(options["publication"])
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
