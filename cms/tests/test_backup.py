"""Backing up the whole site and bringing it back on a fresh install (cms/backup.py).

The round trips run ``manage.py restore`` in a separate process against a new, empty
database (PostgreSQL: a database made for the test; SQLite: a file), as an administrator
would on a new machine, and compare pages, images (with their files) and subscribers.
"""

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

import pytest

from cms import backup
from cms.tests.rich_site import build_rich_site, make_home_page, small_image

REPOSITORY = Path(__file__).resolve().parents[2]
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


def manage(*args, **env):
    """Run manage.py in its own process, as an administrator would; returns the finished process."""
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def add_subscribers(publication, count=3):
    from subscriptions.models import Subscriber

    now = timezone.now()
    for number in range(count):
        Subscriber.objects.create(
            publication=publication,
            email=f"reader{number}@example.org",
            status=Subscriber.Status.CONFIRMED,
            consent_text="Email me each issue.",
            consented_at=now,
            confirmed_at=now,
        )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def small_site(media_root):
    """A home page with one picture and a publication-free subscriber list is not possible, so:
    a home page, a picture and nothing else (enough to make the database "hold a site")."""
    home = make_home_page()
    picture = small_image("Market day")
    return home, picture


def write_archive(path, manifest, files):
    """An archive like backup's, with a manifest and files chosen by the test."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [*files.items(), (backup.MANIFEST, json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def read_archive(path):
    with tarfile.open(path, "r:gz") as archive:
        files = {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}
    return json.loads(files.pop(backup.MANIFEST)), files


# --- Round trips --------------------------------------------------------------------------


def pages_images_subscribers(cursor):
    cursor.execute("SELECT title, url_path FROM wagtailcore_page ORDER BY path")
    pages = [tuple(row) for row in cursor.fetchall()]
    cursor.execute("SELECT title, file FROM cms_customimage ORDER BY title")
    images = [tuple(row) for row in cursor.fetchall()]
    cursor.execute("SELECT email, status FROM subscriptions_subscriber ORDER BY email")
    subscribers = [tuple(row) for row in cursor.fetchall()]
    return pages, images, subscribers


@pytest.fixture
def fresh_postgres_database():
    """A new, empty PostgreSQL database next to the test database; dropped afterwards."""
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME'].removeprefix('test_')}_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
    params["password"] = db["PASSWORD"] or None
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **params)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_comes_back_in_a_fresh_database_with_the_same_pages_images_and_subscribers(
    media_root, tmp_path, fresh_postgres_database
):
    site = build_rich_site(2)
    add_subscribers(site.publication)
    with connection.cursor() as cursor:
        before = pages_images_subscribers(cursor)
    assert len(before[0]) > 10 and len(before[1]) >= 5 and len(before[2]) == 3

    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    [archive] = backup.backups_in(tmp_path / "backups")
    manifest, files = read_archive(archive)
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["counts"]["subscribers"] == 3
    assert manifest["counts"]["images"] == len(before[1])
    assert ["cms", "0002_custom_image_and_document"] in manifest["migrations"]
    assert set(manifest["members"]) == set(files)
    assert "Backed up" in out.getvalue()

    url, connect = fresh_postgres_database
    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(archive), DATABASE_URL=url, MEDIA_ROOT=str(restored_media))
    assert result.returncode == 0, result.stderr
    assert "Restoring the postgresql database" in result.stdout
    assert "3 subscribers" in result.stdout

    with connect() as restored, restored.cursor() as cursor:
        after = pages_images_subscribers(cursor)
    assert after == before
    for _title, file in after[1]:
        assert (restored_media / file).read_bytes() == (Path(media_root) / file).read_bytes()

    # The restored site now holds content: a second restore is refused, then forced.
    again = manage("restore", str(archive), DATABASE_URL=url, MEDIA_ROOT=str(restored_media))
    assert again.returncode != 0
    assert "already holds a site" in again.stderr
    forced = manage("restore", "--force", str(archive), DATABASE_URL=url, MEDIA_ROOT=str(restored_media))
    assert forced.returncode == 0, forced.stderr
    with connect() as restored, restored.cursor() as cursor:
        assert pages_images_subscribers(cursor) == before

    # A PostgreSQL dump does not go into SQLite.
    sqlite_file = tmp_path / "other.sqlite3"
    refused = manage(
        "restore", str(archive), DATABASE_URL=f"sqlite:///{sqlite_file}", MEDIA_ROOT=str(tmp_path / "m")
    )
    assert refused.returncode != 0
    assert "holds a postgresql database, but this site uses sqlite" in refused.stderr
    assert not sqlite_file.exists() or sqlite_file.stat().st_size == 0
    assert not (tmp_path / "m").exists()


# The site's content, then its backup (`manage.py backup` in the same process).
SQLITE_CONTENT_AND_BACKUP = """
import os
from django.core.management import call_command
from cms.tests.rich_site import build_rich_site
from subscriptions.models import Subscriber
from django.utils import timezone
site = build_rich_site(2)
for n in range(2):
    Subscriber.objects.create(publication=site.publication, email=f"r{n}@example.org", status="confirmed",
                              consent_text="Email me.", consented_at=timezone.now())
call_command("backup", "--to", os.environ["BACKUP_FOLDER"])
"""


def migrated_sqlite_database(path):
    """Put a new SQLite database at ``path``, as ``manage.py migrate`` leaves it.

    Migrating a new SQLite file takes most of a minute of CPU, more than the rest of the round
    trip, so it is done once per set of migrations (the fingerprint of the PostgreSQL test
    template, cms/tests/template_database.py) and the file is kept in the temporary folder.
    """
    from cms.tests.template_database import fingerprint

    folder = Path(tempfile.gettempdir())
    migrated = folder / f"patchwork-test-migrated-{fingerprint()}.sqlite3"
    try:
        shutil.copyfile(migrated, path)
        os.utime(migrated)  # in use: see below
        return
    except FileNotFoundError:  # not made yet for these migrations (or another run's cleared it)
        pass
    building = migrated.with_name(f"{migrated.name}.{os.getpid()}.partial")
    result = manage("migrate", "-v0", DATABASE_URL=f"sqlite:///{building}")
    assert result.returncode == 0, result.stderr
    shutil.copyfile(building, path)
    building.replace(migrated)
    # Files of other migrations go once unused for a day. (Runs on PostgreSQL and on SQLite have
    # different fingerprints, as PostgreSQL adds an app, so each keeps its own file meanwhile.)
    for old in folder.glob("patchwork-test-migrated-*.sqlite3"):
        with contextlib.suppress(FileNotFoundError):
            if old != migrated and time.time() - old.stat().st_mtime > 24 * 3600:
                old.unlink()


# `db`: the fingerprint imports every migration, and one of wagtail-localize's queries the database.
def test_a_sqlite_site_comes_back_in_a_new_file_with_the_same_pages_images_and_subscribers(tmp_path, db):
    original = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrated_sqlite_database(tmp_path / "site.sqlite3")
    result = manage(
        "shell", "-c", SQLITE_CONTENT_AND_BACKUP, BACKUP_FOLDER=str(tmp_path / "backups"), **original
    )
    assert result.returncode == 0, result.stderr
    [archive] = backup.backups_in(tmp_path / "backups")
    manifest, _files = read_archive(archive)
    assert manifest["database"] == {"vendor": "sqlite", "member": "database.sqlite3"}
    assert manifest["counts"]["subscribers"] == 2

    restored = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "new-media"),
    }
    result = manage("restore", str(archive), **restored)
    assert result.returncode == 0, result.stderr
    assert "2 subscribers" in result.stdout

    with sqlite3.connect(tmp_path / "site.sqlite3") as a, sqlite3.connect(tmp_path / "new.sqlite3") as b:
        before, after = pages_images_subscribers(a.cursor()), pages_images_subscribers(b.cursor())
    assert after == before
    assert len(before[1]) >= 5 and len(before[2]) == 2
    for _title, file in after[1]:
        assert (tmp_path / "new-media" / file).read_bytes() == (tmp_path / "media" / file).read_bytes()


# --- Refusals: a clear message, and nothing changed ------------------------------------------


@pytest.fixture(scope="module")
def shared_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """One backup of a site like ``small_site``'s for the module's refusal tests, which only read it.

    Making it dumps the whole test database (pg_dump: seconds, tens of them on a busy machine),
    so it is made once; the site is rolled back afterwards.
    """
    folder = tmp_path_factory.mktemp("archive")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("archive-media")),
        transaction.atomic(),
    ):
        make_home_page()
        small_image("Market day")
        path, _manifest = backup.create_backup(folder, write=lambda line: None)
        transaction.set_rollback(True)
    return path


@pytest.fixture
def archive(shared_archive, small_site):
    """The shared backup, with ``small_site`` (the same page and picture) in the test's database and media."""
    return shared_archive


def restore_refused(path, *args):
    before = backup.site_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args, stdout=io.StringIO())
    assert backup.site_counts() == before
    return str(refused.value)


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_restore_refuses_a_database_that_already_holds_a_site(archive):
    message = restore_refused(archive)
    assert "already holds a site" in message and "--force" in message and "Nothing was restored" in message


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_restore_refuses_an_archive_changed_after_it_was_made(archive, tmp_path, media_root):
    manifest, files = read_archive(archive)
    [picture] = [name for name in files if name.startswith("media/original_images/")]
    files[picture] = files[picture] + b"tampered"
    tampered = write_archive(tmp_path / "tampered.tar.gz", manifest, files)
    original = (Path(media_root) / picture.removeprefix("media/")).read_bytes()
    message = restore_refused(tampered, "--force")
    assert picture in message and "checksum mismatch" in message
    assert (Path(media_root) / picture.removeprefix("media/")).read_bytes() == original

    files["media/extra.txt"] = b"smuggled"
    message = restore_refused(write_archive(tmp_path / "extra.tar.gz", manifest, files), "--force")
    assert "media/extra.txt" in message


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_restore_refuses_a_backup_from_newer_code(archive, tmp_path):
    manifest, files = read_archive(archive)
    manifest["migrations"].append(["cms", "9999_from_the_future"])
    message = restore_refused(write_archive(tmp_path / "newer.tar.gz", manifest, files), "--force")
    assert "newer code" in message and "cms.9999_from_the_future" in message


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_restore_refuses_a_backup_from_another_database_engine(archive, tmp_path):
    manifest, files = read_archive(archive)
    manifest["database"]["vendor"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    message = restore_refused(write_archive(tmp_path / "other.tar.gz", manifest, files), "--force")
    assert f"this site uses {connection.vendor}" in message


@pytest.mark.django_db
def test_restore_refuses_files_that_are_not_backups(tmp_path):
    not_gzip = tmp_path / "notes.tar.gz"
    not_gzip.write_text("shopping list")
    assert "not a readable backup archive" in restore_refused(not_gzip)
    no_manifest = tmp_path / "plain.tar.gz"
    with tarfile.open(no_manifest, "w:gz") as plain:
        info = tarfile.TarInfo("hello.txt")
        plain.addfile(info, io.BytesIO(b""))
    assert "not a Patchwork backup" in restore_refused(no_manifest)
    escape = write_archive(tmp_path / "escape.tar.gz", {"format": 1, "members": {}}, {"../../etc/x": b"!"})
    assert "unsafe name" in restore_refused(escape)
    assert "There is no backup at" in restore_refused(tmp_path / "missing.tar.gz")


def test_a_missing_pg_dump_is_named_with_the_package_that_brings_it(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda program: None)
    with pytest.raises(CommandError, match=r"pg_dump is not installed.*postgresql-client"):
        backup._postgres_command("pg_dump")


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_media_in_object_storage_are_named_as_left_out(small_site, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "media_on_disk", lambda: None)
    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    assert "Media are NOT included" in out.getvalue() and "no media (object storage)" in out.getvalue()
    manifest, files = read_archive(backup.backups_in(tmp_path / "backups")[0])
    assert manifest["media"]["included"] is False and "bucket" in manifest["media"]["reason"]
    assert not [name for name in files if name.startswith("media/")]


# --- Retention -------------------------------------------------------------------------------


def fake_archives(folder, *days_ago, now):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for days in days_ago:
        path = folder / backup.archive_name(now - timedelta(days=days))
        path.write_bytes(b"old")
        paths.append(path)
    return paths


@needs_postgres  # SQLite's backup API waits for ever on the test's open transaction
@pytest.mark.django_db
def test_backup_keep_leaves_only_the_newest_archives(small_site, tmp_path):
    folder = tmp_path / "backups"
    old = fake_archives(folder, 1, 2, 3, now=timezone.now())
    (folder / "notes.txt").write_text("not a backup")
    out = io.StringIO()
    call_command("backup", "--to", str(folder), "--keep", "2", stdout=out)
    left = backup.backups_in(folder)
    assert len(left) == 2 and left[1] == old[0]
    assert (folder / "notes.txt").exists()
    assert "Deleted 2 old backup(s)." in out.getvalue()


def test_pruning_by_age_keeps_the_newest_archive_whatever_its_age(tmp_path):
    now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    folder = tmp_path / "backups"
    fake_archives(folder, 1, 6, 8, 30, now=now)
    backup.prune_backups(folder, older_than_days=7, now=now)
    assert [p.name for p in backup.backups_in(folder)] == [
        backup.archive_name(now - timedelta(days=1)),
        backup.archive_name(now - timedelta(days=6)),
    ]
    only_old = tmp_path / "only-old"
    fake_archives(only_old, 40, 50, now=now)
    backup.prune_backups(only_old, older_than_days=7, now=now)
    assert [p.name for p in backup.backups_in(only_old)] == [backup.archive_name(now - timedelta(days=40))]


def test_backup_refuses_nonsense_retention(tmp_path):
    with pytest.raises(CommandError, match="--keep must be 1 or more"):
        call_command("backup", "--to", str(tmp_path), "--keep", "0")
