"""Backing up and restoring the whole site: the database, the uploaded files and a manifest.

One archive (``patchwork-backup-<time>.tar.gz``) holds:

- ``manifest.json``: the Patchwork, Django and Wagtail versions, the database vendor, the
  migrations applied, counts of pages, images, documents and subscribers, when it was made,
  and the SHA-256 of every other member;
- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (a
  consistent copy made with SQLite's online backup API, safe while the site is running);
- ``media/...``: every file under ``MEDIA_ROOT`` (uploads, renditions). With uploads on S3
  (django-storages) there is no ``MEDIA_ROOT`` to copy: the manifest says so, and the
  bucket is backed up with the provider's own tools (versioning, replication, ``rclone``).

``restore_backup`` checks everything before it changes anything: the checksums, the
vendor, that the code knows every migration the backup has, and that the database is
empty (unless forced). A PostgreSQL restore runs in one transaction, so a failure leaves
the database as it was.

Apps add their own headline counts to the manifest with :func:`count_in_manifest` (from
their ``AppConfig.ready``), so this module needs to know no app's models.
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "patchwork-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024

_extra_counts = {}


def count_in_manifest(name, count):
    """Record ``count()`` (a number of rows an app owns) under ``name`` in every manifest."""
    _extra_counts[name] = count


def site_counts():
    """What the site holds, in numbers a person recognises: pages, images, documents, ..."""
    from django.contrib.auth import get_user_model

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    counts = {
        # The tree's root is not a page anyone made.
        "pages": Page.objects.filter(depth__gt=1).count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": get_user_model().objects.count(),
    }
    for name, count in sorted(_extra_counts.items()):
        counts[name] = count()
    return counts


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _patchwork_version():
    """The git commit of the checkout, when there is one; Patchwork is not a package."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git on PATH, fixed arguments
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def media_on_disk():
    """MEDIA_ROOT as a folder, or None when uploads live elsewhere (S3 through django-storages)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def _postgres_command(program):
    path = shutil.which(program)
    if path is None:
        raise CommandError(
            f"{program} is not installed, and a PostgreSQL database needs it. Install the "
            f"PostgreSQL client tools (Debian: apt-get install postgresql-client), of the same "
            f"major version as the server or newer, and try again."
        )
    return path


def _postgres_connection():
    """Arguments and environment for pg_dump/pg_restore/psql to reach the site's database."""
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env, db["NAME"]


def _run(command, env=None, stdin=None):
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own tools with arguments we build
        command, env=env, stdin=stdin, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        errors = [line for line in output if "ERROR" in line or "FATAL" in line] or output[-5:]
        raise CommandError(f"{Path(command[0]).name} failed: " + "\n".join(errors))
    return result


def _dump_database(folder):
    """Write the database into ``folder``; returns the member's name."""
    if connection.vendor == "postgresql":
        pg_dump = _postgres_command("pg_dump")
        args, env, name = _postgres_connection()
        target = folder / POSTGRES_DUMP
        _run(
            [pg_dump, *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), name],
            env,
        )
        return POSTGRES_DUMP
    if connection.vendor == "sqlite":
        target = folder / SQLITE_COPY
        name = str(connection.settings_dict["NAME"])
        # The test runner's in-memory database is named by a "file:" URI.
        _sqlite_backup(sqlite3.connect(name, uri=name.startswith("file:")), sqlite3.connect(target))
        return SQLITE_COPY
    raise CommandError(
        f"Backing up a {connection.vendor} database is not supported (PostgreSQL or SQLite only)."
    )


def _applied_migrations():
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def archive_name(now):
    return f"{ARCHIVE_PREFIX}{now:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"


def create_backup(folder, write=print):
    """Write one archive of the whole site into ``folder``; returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = folder / archive_name(now)
    partial = final.with_name(final.name + ".partial")
    media_root = media_on_disk()
    with tempfile.TemporaryDirectory(prefix="patchwork-backup-") as scratch:
        scratch = Path(scratch)
        write(f"Dumping the {connection.vendor} database…")
        database_member = _dump_database(scratch)
        members = {database_member: _sha256(scratch / database_member)}
        media_files = []
        if media_root is not None and media_root.is_dir():
            media_files = sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(),
            "versions": {
                "patchwork": _patchwork_version(),
                "django": _version("Django"),
                "wagtail": _version("wagtail"),
            },
            "database": {"vendor": connection.vendor, "member": database_member},
            "migrations": _applied_migrations(),
            "counts": site_counts(),
            "media": (
                {"included": True, "files": len(media_files)}
                if media_root is not None
                else {
                    "included": False,
                    "reason": (
                        "Uploads are kept in object storage (django-storages), not in MEDIA_ROOT: "
                        "back up the bucket with the provider's tools."
                    ),
                }
            ),
            "members": members,
        }
        if media_root is None:
            write("Media are NOT included: " + manifest["media"]["reason"])
        write(f"Writing {final.name} ({len(media_files)} media file(s))…")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                # Checksums of media are taken while they are added; the manifest goes in last
                # under its own name, and restore reads it first whatever its position.
                archive.add(scratch / database_member, arcname=database_member)
                for number, path in enumerate(media_files, start=1):
                    member = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                    # Hashed as it is read into the archive, so an upload changing meanwhile
                    # cannot leave a checksum that does not match what was stored.
                    with open(path, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(archive.gettarinfo(arcname=member, fileobj=handle), reader)
                    members[member] = reader.hexdigest()
                    if number % 500 == 0:
                        write(f"  {number}/{len(media_files)} media files")
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                archive.addfile(info, fileobj=io.BytesIO(data))
            partial.replace(final)
        finally:
            partial.unlink(missing_ok=True)
    return final, manifest


class _HashingReader:
    """A file wrapper that hashes what is read from it."""

    def __init__(self, handle):
        self._handle = handle
        self._digest = hashlib.sha256()

    def read(self, size=-1):
        block = self._handle.read(size)
        self._digest.update(block)
        return block

    def hexdigest(self):
        return self._digest.hexdigest()


def backups_in(folder):
    """This site's archives in ``folder``, newest first."""
    return sorted(
        (p for p in Path(folder).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if p.is_file()),
        key=lambda p: p.name,
        reverse=True,
    )


def prune_backups(folder, keep=None, older_than_days=None, now=None):
    """Delete archives beyond the newest ``keep`` and/or older than ``older_than_days``.

    The newest archive is never deleted. Returns the deleted paths.
    """
    archives = backups_in(folder)
    doomed = set()
    if keep is not None:
        doomed.update(archives[max(keep, 1) :])
    if older_than_days is not None:
        cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
        for path in archives[1:]:
            made = _archive_time(path)
            if made is not None and made < cutoff:
                doomed.add(path)
    for path in doomed:
        path.unlink()
    return sorted(doomed)


def _archive_time(path):
    stamp = path.name[len(ARCHIVE_PREFIX) : -len(ARCHIVE_SUFFIX)]
    try:
        return datetime.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


# --- Restore ------------------------------------------------------------------------------


def _safe_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"The archive holds a file with an unsafe name ({name!r}); it was not restored.")
    return path.as_posix()


def _unpack(archive_path, scratch):
    """Unpack into ``scratch``, hashing as it goes; returns (manifest, {member: sha256})."""
    hashes = {}
    manifest = None
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                name = _safe_member_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise CommandError(
                        f"The archive holds {name!r}, which is not a plain file; it was not restored."
                    )
                source = archive.extractfile(member)
                if name == MANIFEST:
                    manifest = json.loads(source.read().decode())
                    continue
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while block := source.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                hashes[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise CommandError(f"{archive_path} is not a readable backup archive: {error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"The manifest in {archive_path} is not valid JSON: {error}") from error
    if manifest is None:
        raise CommandError(f"{archive_path} has no {MANIFEST}: it is not a Patchwork backup.")
    return manifest, hashes


def check_archive(manifest, hashes):
    """Refuse an archive whose files do not match the manifest, or that this install cannot take."""
    if manifest.get("format") != FORMAT:
        raise CommandError(
            f"This backup has format {manifest.get('format')!r}; this code reads format {FORMAT}."
        )
    expected = manifest.get("members") or {}
    damaged = sorted(name for name, digest in expected.items() if hashes.get(name) != digest)
    unexpected = sorted(set(hashes) - set(expected))
    if damaged or unexpected:
        raise CommandError(
            "The archive is damaged or was changed after it was made: "
            + ", ".join([f"{name} (checksum mismatch or missing)" for name in damaged] + unexpected)
            + ". Nothing was restored."
        )
    vendor = (manifest.get("database") or {}).get("vendor")
    if vendor != connection.vendor:
        raise CommandError(
            f"This backup holds a {vendor} database, but this site uses {connection.vendor}. Restore it "
            f"into a {vendor} database (set DATABASE_URL). Nothing was restored."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in manifest.get("migrations", [])
        if (app, name) not in loader.disk_migrations
    )
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise CommandError(
            f"This backup was made by newer code: {len(unknown)} migration(s) it has are not in this "
            f"code ({shown}). Update Patchwork to the version that made it (or newer) first. "
            f"Nothing was restored."
        )


def database_holds_content():
    """True when the database has anything beyond what ``migrate`` creates by itself."""
    tables = connection.introspection.table_names()
    if "wagtailcore_page" not in tables:
        return bool(tables) and any(not t.startswith(("django_", "sqlite_")) for t in tables)
    try:
        counts = site_counts()
    except Exception:
        return True
    # `migrate` makes Wagtail's welcome page (one page under the root) and nothing else.
    return counts.pop("pages") > 1 or any(counts.values())


def _restore_postgres(dump):
    pg_restore = _postgres_command("pg_restore")
    psql = _postgres_command("psql")
    args, env, name = _postgres_connection()
    script = dump.with_suffix(".sql")
    _run([pg_restore, "--no-owner", "--no-privileges", "--file", str(script), str(dump)], env)
    # Everything the site has now goes, in the same transaction as the restore: a failure
    # halfway leaves the database as it was.
    tables = connection.introspection.table_names(include_views=False)
    prelude = dump.with_name("prelude.sql")
    # Schemas the dump creates (besides public) go too, or creating them again would fail.
    text = script.read_text(errors="replace")
    schemas = re.findall(r"^CREATE SCHEMA (\S+);$", text, flags=re.MULTILINE)
    # So do functions it creates (the bookings' tally triggers, surgeries/migrations/0012).
    functions = re.findall(r"^CREATE FUNCTION ([\w.]+\([^)]*\))", text, flags=re.MULTILINE)
    prelude.write_text(
        "SET client_min_messages = warning;\n"
        + "".join(f"DROP SCHEMA IF EXISTS {schema} CASCADE;\n" for schema in schemas)
        + "".join(f"DROP FUNCTION IF EXISTS {function} CASCADE;\n" for function in functions)
        + "".join(f"DROP TABLE IF EXISTS {connection.ops.quote_name(t)} CASCADE;\n" for t in tables)
    )
    connection.close()
    _run(
        [
            psql,
            *args,
            "--no-psqlrc",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "--file",
            str(prelude),
            "--file",
            str(script),
            "--dbname",
            name,
        ],
        env,
        stdin=subprocess.DEVNULL,
    )


def _sqlite_backup(source, destination):
    """Copy one SQLite database into another (two open connections) with SQLite's online backup,
    which reads a consistent copy even while the site writes; both connections are closed after."""
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()


def _restore_sqlite(copy):
    target = connection.settings_dict["NAME"]
    connection.close()
    _sqlite_backup(sqlite3.connect(copy), sqlite3.connect(target))


def restore_backup(archive_path, force=False, write=print):
    """Bring the site back from ``archive_path``; returns a summary dict."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise CommandError(f"There is no backup at {archive_path}.")
    media_root = media_on_disk()
    with tempfile.TemporaryDirectory(prefix="patchwork-restore-") as scratch:
        scratch = Path(scratch)
        write(f"Reading and checking {archive_path.name}…")
        manifest, hashes = _unpack(archive_path, scratch)
        check_archive(manifest, hashes)
        media_members = sorted(name for name in hashes if name.startswith(MEDIA_PREFIX))
        if media_members and media_root is None:
            raise CommandError(
                "This backup has media files, but this site keeps uploads in object storage "
                "(django-storages): copy them into the bucket yourself. Nothing was restored."
            )
        if database_holds_content() and not force:
            counts = site_counts() if "wagtailcore_page" in connection.introspection.table_names() else {}
            held = ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "tables"
            raise CommandError(
                f"This database already holds a site ({held}). Restore into an empty database, or "
                f"use --force to replace everything in it. Nothing was restored."
            )
        vendor = manifest["database"]["vendor"]
        write(f"Restoring the {vendor} database made {manifest['created']}…")
        dump = scratch / manifest["database"]["member"]
        if vendor == "postgresql":
            _restore_postgres(dump)
        else:
            _restore_sqlite(dump)
        if media_members:
            write(f"Restoring {len(media_members)} media file(s) into {media_root}…")
            for number, name in enumerate(media_members, start=1):
                target = media_root / name[len(MEDIA_PREFIX) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(scratch / name, target)
                if number % 500 == 0:
                    write(f"  {number}/{len(media_members)} media files")
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    unapplied = sorted(set(loader.disk_migrations) - set(loader.applied_migrations))
    return {
        "created": manifest["created"],
        "counts": site_counts(),
        "expected_counts": manifest.get("counts", {}),
        "media_files": len(media_members),
        "media": manifest.get("media", {}),
        "unapplied_migrations": [f"{app}.{name}" for app, name in unapplied],
    }
