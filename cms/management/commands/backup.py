"""Write one archive of the whole site: database, uploaded files and a manifest (cms/backup.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.backup import create_backup, prune_backups


class Command(BaseCommand):
    help = (
        "Back up the whole site into one .tar.gz archive: the database (pg_dump on PostgreSQL, "
        "a consistent copy on SQLite), the media files and a manifest with checksums. "
        "Restore it with `manage.py restore ARCHIVE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            dest="folder",
            default=None,
            help="Folder to write the archive into (default: backups/ in the project folder).",
        )
        parser.add_argument(
            "--keep", type=int, default=None, help="Then delete all but the newest N archives there."
        )
        parser.add_argument(
            "--prune-older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help="Then delete archives there made more than DAYS days ago (the newest is always kept).",
        )

    def handle(self, *args, folder=None, keep=None, prune_older_than=None, **options):
        if keep is not None and keep < 1:
            raise CommandError(f"--keep must be 1 or more, not {keep}.")
        if prune_older_than is not None and prune_older_than < 0:
            raise CommandError(f"--prune-older-than must be 0 or more, not {prune_older_than}.")
        folder = folder or settings.BASE_DIR / "backups"
        path, manifest = create_backup(folder, write=self.stdout.write)
        counts = ", ".join(f"{number} {name}" for name, number in manifest["counts"].items())
        media = manifest["media"]
        media_note = f"{media['files']} media file(s)" if media["included"] else "no media (object storage)"
        size = path.stat().st_size / (1024 * 1024)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {counts}; {media_note} into {path} ({size:.1f} MB).")
        )
        if keep is not None or prune_older_than is not None:
            removed = prune_backups(path.parent, keep=keep, older_than_days=prune_older_than)
            for old in removed:
                self.stdout.write(f"Deleted old backup {old.name}")
            self.stdout.write(f"Deleted {len(removed)} old backup(s).")
