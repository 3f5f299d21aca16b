"""The demo town built once per test session, then copied back in for each test that asks for it.

Building the town (``load_demo``) takes several seconds; copying its rows back takes a
fraction of one. At the start of the session the rows of every table are saved twice in
PostgreSQL schemas of the test database: as they were before the build (``pw_test_base``)
and with the town built (``pw_test_demo``). The database is then put back as it was, so
tests that do not ask for the town never see it.

``put_back`` replaces the rows of every table with a saved copy. In an ordinary test it runs
inside the test's transaction, so the test's own changes are rolled back with it; a test
with real transactions (the browser tests) is emptied afterwards as usual.
"""

# ruff: noqa: S608 - the SQL names only tables read from pg_tables and our own two schemas
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


def table_names(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations' "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def quoted(tables):
    return [connection.ops.quote_name(table) for table in tables]


def save(cursor, schema, tables):
    statements = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    statements += [f"CREATE TABLE {schema}.{table} AS TABLE public.{table}" for table in quoted(tables)]
    statements.append(
        f"CREATE TABLE {schema}.pw_sequences AS SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = 'public' AND last_value IS NOT NULL"
    )
    cursor.execute(";\n".join(statements))


def put_back(schema, tables):
    """Make every table hold exactly the rows saved in ``schema``; sequences never go backwards."""
    statements = ["SET CONSTRAINTS ALL DEFERRED"]
    statements += [f"DELETE FROM public.{table}" for table in quoted(tables)]
    statements += [f"INSERT INTO public.{table} SELECT * FROM {schema}.{table}" for table in quoted(tables)]
    statements.append(
        "SELECT setval('public.' || quote_ident(s.sequencename), GREATEST(s.last_value, p.last_value)) "
        f"FROM {schema}.pw_sequences s JOIN pg_sequences p "
        "ON p.schemaname = 'public' AND p.sequencename = s.sequencename AND p.last_value IS NOT NULL"
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


def take(folder):
    """Build the demo town once and save it, leaving the database as it was; called with the db unblocked."""
    media, login_file = folder / "media", folder / "demo-login"
    with connection.cursor() as cursor:
        tables = table_names(cursor)
        with transaction.atomic():
            save(cursor, BASE, tables)
    with override_settings(MEDIA_ROOT=media):
        call_command("load_demo", login_file=str(login_file), stdout=io.StringIO())
    with connection.cursor() as cursor, transaction.atomic():
        save(cursor, DEMO, tables)
    put_back(BASE, tables)
    return DemoSnapshot(tables=tables, media=media, login_file=login_file)
