import time

from django.core.management.base import BaseCommand

from search.suggestions import refresh_terms


class Command(BaseCommand):
    help = (
        "Rebuild the words 'did you mean' can offer from every live page title and every tag. "
        "Publishing adds new words as it goes; run this after a bulk import, or to drop words "
        "of pages that were unpublished or deleted."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 0

        def progress(titles_read):
            if verbose:
                self.stdout.write(f"  {titles_read:,} page titles read")

        if verbose:
            self.stdout.write("Reading page titles and tags...")
        words = refresh_terms(progress)
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"'Did you mean' knows {words:,} words, rebuilt in {time.monotonic() - started:.1f}s."
                )
            )
