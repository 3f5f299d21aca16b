"""An index on the page id each of Wagtail's search entries stands for (its text object_id as a number).

The search statement (search/engine.py) joins entries to pages on it: from an entry to its page by
the page's primary key, or, for a narrow filter (a language, a place, dates), from the pages to
their entries by this index. PostgreSQL only; SQLite uses Wagtail's own search.
"""

from django.db import migrations

INDEX = "search_entry_page_id"
PAGE_ID = "(CASE WHEN object_id ~ '^[0-9]+$' THEN object_id::integer END)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry ({PAGE_ID})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_terms_and_unmatched"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
