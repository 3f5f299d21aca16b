"""Existing rows are in the site's main language, each the first of its own set of translations."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


# Only existing rows change: a new database has none, so a squash leaves this out (elidable).
existing_rows_get_a_language = BootstrapTranslatableModel("newsletters.Author")
existing_rows_get_a_language.elidable = True


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0004_authors_keep_revisions_and_languages"),
    ]

    operations = [existing_rows_get_a_language]
