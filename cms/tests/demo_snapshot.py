"""The demo town built once per test session, then copied back in for each test that asks for it.

Building the town (``load_demo``) takes several seconds; copying its rows back takes a
fraction of one. Right after the test database is made, the rows of every table are saved in a PostgreSQL
schema of the test database as the migrations left them (``pw_test_base``); the first test
that asks for the town builds it and saves it too (``pw_test_demo``). The database is then
put back as it was, so tests that do not ask for the town never see it.

With pytest-xdist, the first process of the run that asks for the town builds it and writes its
rows to files in the run's temporary folder (``take_once_per_run``); the others read them into
their own database's ``pw_test_demo`` instead of building the town again.

``put_back`` replaces the rows of every table with a saved copy. In an ordinary test it runs
inside the test's transaction, so the test's own changes are rolled back with it; a test
with real transactions (the browser tests) ends with the base rows put back
(``put_back_base``) instead of Django's flush.
"""

# ruff: noqa: S608 - the SQL names only tables read from pg_tables and our own two schemas
import contextlib
import fcntl
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

BASE = "pw_test_base"
DEMO = "pw_test_demo"


@dataclass
class DemoSnapshot:
    tables: list
    media: Path
    login_file: Path
    output: str  # what load_demo printed while building it


def table_names(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations' "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def quoted(tables):
    return [connection.ops.quote_name(table) for table in tables]


def save(cursor, schema, tables):
    SAVED_COLUMNS.pop(schema, None)
    statements = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    statements += [f"CREATE TABLE {schema}.{table} AS TABLE public.{table}" for table in quoted(tables)]
    statements.append(
        f"CREATE TABLE {schema}.pw_sequences AS SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = 'public' AND last_value IS NOT NULL"
    )
    cursor.execute(";\n".join(statements))


SAVED_COLUMNS = {}  # schema: {table: its columns, quoted and comma-separated}, read once per saved copy


def saved_columns(cursor, schema):
    """Each saved table's columns by name: a migration test may make a table again with its
    columns in another order (the migrations a site of the time ran, not the squashed ones)."""
    if schema not in SAVED_COLUMNS:
        cursor.execute(
            "SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_schema = %s GROUP BY table_name",
            [schema],
        )
        SAVED_COLUMNS[schema] = dict(cursor.fetchall())
    return SAVED_COLUMNS[schema]


def put_back(schema, tables):
    """Make every table hold exactly the rows saved in ``schema``; sequences never go backwards."""
    with connection.cursor() as cursor:
        columns = saved_columns(cursor, schema)
    # The copy is put back exactly as saved, so the tables' own triggers stay off while it goes in:
    # surgeries' booking tally, which the database keeps from the bookings, is copied like any table.
    statements = ["SET CONSTRAINTS ALL DEFERRED", "SET LOCAL session_replication_role = replica"]
    statements += [f"DELETE FROM public.{table}" for table in quoted(tables)]
    statements += [
        f"INSERT INTO public.{name} ({columns[table]}) SELECT {columns[table]} FROM {schema}.{name}"
        for table, name in zip(tables, quoted(tables), strict=True)
    ]
    # A sequence never used since it was made (a table a migration test dropped and made again)
    # has no last_value: GREATEST ignores the NULL, so it still moves past the copied rows.
    statements.append(
        "SELECT setval('public.' || quote_ident(s.sequencename), GREATEST(s.last_value, p.last_value)) "
        f"FROM {schema}.pw_sequences s JOIN pg_sequences p "
        "ON p.schemaname = 'public' AND p.sequencename = s.sequencename"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
    forget_cached_rows()


def forget_cached_rows():
    """Content type ids can differ between the saved copy and the rows a flush recreated."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Site

    ContentType.objects.clear_cache()
    Site.clear_site_root_paths_cache()


def save_base():
    """Save every table's rows as the migrations left them (``BASE``); returns the table names.

    Called once, right after the test database is made, with the db unblocked.
    """
    with connection.cursor() as cursor:
        tables = table_names(cursor)
        with transaction.atomic():
            save(cursor, BASE, tables)
    return tables


def put_back_base(tables):
    """After a test with real transactions: every table as the migrations left it, again.

    So the next test finds the default locale, root page, site, collection, groups and
    topics whichever test ran before it (with pytest-xdist, any order can happen).
    """
    put_back(BASE, tables)


def take(folder, tables, building=contextlib.nullcontext):
    """Build the demo town once and save it, leaving the database as it was; called with the db unblocked.

    ``building()`` is entered around the build and left before the town is saved.
    """
    media, login_file = folder / "media", folder / "demo-login"
    put_back(BASE, tables)
    output = io.StringIO()
    with override_settings(MEDIA_ROOT=media), building():
        call_command("load_demo", login_file=str(login_file), stdout=output)
    with connection.cursor() as cursor, transaction.atomic():
        save(cursor, DEMO, tables)
    put_back(BASE, tables)
    return DemoSnapshot(tables=tables, media=media, login_file=login_file, output=output.getvalue())


def take_once_per_run(shared, own, tables, building=contextlib.nullcontext):
    """The town as the first test process of the run to ask for it built it; called with the db unblocked.

    ``shared`` is a folder every process of the run sees: the first builds the town (``take``)
    and writes its rows there (``export``), the others load them (``load``), one at a time. Each
    process works on its own copy of the town's pictures, in ``own``: a test may delete a file.
    """
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a process that comes while another builds waits for it
        if (shared / "complete").exists():
            load(shared)
        else:
            export(take(shared, tables, building), shared)
            (shared / "complete").touch()
    shutil.copytree(shared / "media", own / "media")
    shutil.copy(shared / "demo-login", own / "demo-login")
    output = (shared / "load_demo.txt").read_text()
    return DemoSnapshot(tables=tables, media=own / "media", login_file=own / "demo-login", output=output)


def export(snapshot, folder):
    """Write the saved town (every table of ``DEMO``, and its columns in order) to files in ``folder``."""
    with connection.cursor() as cursor:
        columns = saved_columns(cursor, DEMO)
        for table, names in columns.items():
            command = f"COPY {DEMO}.{connection.ops.quote_name(table)} ({names}) TO STDOUT (FORMAT BINARY)"
            with open(folder / f"{table}.copy", "wb") as file, cursor.cursor.copy(command) as copy:
                for data in copy:
                    file.write(data)
    (folder / "columns.json").write_text(json.dumps(columns))
    (folder / "load_demo.txt").write_text(snapshot.output)


def load(folder):
    """Make ``DEMO`` hold the town another test process wrote to ``folder`` (``export``).

    Each table is made from this database's own, with the columns in the order they were written:
    a migration test may have made the tables here again with their columns in another order.
    """
    columns = json.loads((folder / "columns.json").read_text())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {DEMO} CASCADE; CREATE SCHEMA {DEMO}")
        for table, names in columns.items():
            name = connection.ops.quote_name(table)
            if table == "pw_sequences":
                cursor.execute(f"CREATE TABLE {DEMO}.pw_sequences (sequencename name, last_value bigint)")
            else:
                cursor.execute(
                    f"CREATE TABLE {DEMO}.{name} AS SELECT {names} FROM public.{name} WITH NO DATA"
                )
            with cursor.cursor.copy(f"COPY {DEMO}.{name} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write((folder / f"{table}.copy").read_bytes())
    SAVED_COLUMNS.pop(DEMO, None)
