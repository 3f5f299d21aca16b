"""Export a newsletter or blog as a WordPress file (WXR) or a zip of web pages (newsletters/exporting.py)."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters.exporting import (
    EXPORTERS,
    ExportError,
    export_filename,
    export_publication,
)
from newsletters.queries import NotOnePublication, publication_named


class Command(BaseCommand):
    help = (
        "Export a publication: --format wxr writes a WordPress export file (every post, drafts as drafts, "
        "with tags, public authors and pictures) that WordPress or Ghost can import; --format html writes "
        "a zip of its live posts as web pages with their pictures, to open offline or put on any host."
    )

    def add_arguments(self, parser):
        parser.add_argument("publication", help="The publication's id or short name (slug).")
        parser.add_argument("--format", dest="export_format", choices=sorted(EXPORTERS), default="wxr")
        parser.add_argument(
            "--output",
            default=None,
            help="The file to write (default: <slug>-wordpress.xml or <slug>-web-pages.zip here).",
        )

    def handle(self, *args, publication, export_format, output=None, **options):
        try:
            page = publication_named(publication)
        except NotOnePublication as error:
            raise CommandError(str(error)) from error
        path = Path(output or export_filename(page, export_format)).expanduser()
        if path.is_dir():
            path = path / export_filename(page, export_format)
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write into.")
        self.stdout.write(f"Exporting “{page.title}” (id {page.pk}) as {export_format} to {path}")

        def progress(done, total, title):
            self.stdout.write(f"  {done}/{total} {title}")

        # Written next to the target and renamed at the end: a failed export leaves no half file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                summary = export_publication(page, export_format, file, progress=progress)
            os.replace(temporary, path)
        except ExportError as error:
            raise CommandError(str(error)) from error
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        counts = ", ".join(f"{number} {name}" for name, number in summary.items())
        size = path.stat().st_size / 1024
        self.stdout.write(self.style.SUCCESS(f"Exported {counts} into {path} ({size:.0f} KB)."))
