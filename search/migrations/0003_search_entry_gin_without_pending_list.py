"""Wagtail's GIN indexes of the search entries take new entries straight into the index.

With PostgreSQL's default ``fastupdate``, new and changed entries wait in the index's unsorted
"pending list" (up to ``gin_pending_list_limit``, 4 MB) until a vacuum or a full list merges them,
and every search reads the whole list: at 100,000 posts that was ~450 pages, about 4 ms, for each
of title and body on every search, even for a word nobody wrote (bench/search_speed.py). Without
it a publish writes its few index pages at once, and a search reads only the words it looks for.
The entries already waiting are merged now. PostgreSQL only; SQLite uses Wagtail's own search.
"""

from django.db import migrations

GIN_INDEXES = """
    SELECT c.relname FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    WHERE i.indrelid = 'wagtailsearch_indexentry'::regclass AND am.amname = 'gin'
"""


def gin_indexes(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(GIN_INDEXES)
        return [schema_editor.quote_name(name) for (name,) in cursor.fetchall()]


def write_straight_into_the_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in gin_indexes(schema_editor):
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def keep_a_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in gin_indexes(schema_editor):
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_index_entry_page_id"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(write_straight_into_the_index, keep_a_pending_list)]
