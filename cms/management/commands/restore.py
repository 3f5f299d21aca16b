"""Bring the whole site back from an archive written by `manage.py backup` (cms/backup.py)."""

from django.core.management.base import BaseCommand

from cms.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore the whole site (database and media files) from a backup archive. Refuses a "
        "database that already holds a site unless --force, a damaged archive, a backup from "
        "newer code and a backup from another database engine, without changing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already holds a site.",
        )

    def handle(self, *args, archive, force=False, **options):
        summary = restore_backup(archive, force=force, write=self.stdout.write)
        counts = ", ".join(f"{number} {name}" for name, number in summary["counts"].items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup made {summary['created']}: {counts}; "
                f"{summary['media_files']} media file(s)."
            )
        )
        if summary["counts"] != summary["expected_counts"]:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup's manifest counted {summary['expected_counts']}; check the site."
                )
            )
        if not summary["media"].get("included", True):
            self.stdout.write(
                self.style.WARNING("Media were not in this backup: " + summary["media"]["reason"])
            )
        if summary["unapplied_migrations"]:
            self.stdout.write(
                f"This code has {len(summary['unapplied_migrations'])} migration(s) the backup had not: "
                "run `manage.py migrate` next."
            )
