"""The demo town built once per test session, then copied back in for each test that asks for it.

Building the town (``load_demo``) takes several seconds; copying its rows back takes a
fraction of one. Right after the test database is made, the rows of every table are saved in a PostgreSQL
schema of the test database as the migrations left them (``pw_test_base``); the first test
that asks for the town builds it and saves it too (``pw_test_demo``). The database is then
put back as it was, so tests that do not ask for the town never see it.

``put_back`` replaces the rows of every table with a saved copy. In an ordinary test it runs
inside the test's transaction, so the test's own changes are rolled back with it; a test
with real transactions (the browser tests) ends with the base rows put back
(``put_back_base``) instead of Django's flush.
"""

# ruff: noqa: S608 - the SQL names only tables read from pg_tables and our own two schemas
import contextlib
import io
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
