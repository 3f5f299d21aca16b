"""Existing rows are in the site's main language, each the first of its own set of translations."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0004_authors_keep_revisions_and_languages"),
    ]

    operations = [BootstrapTranslatableModel("newsletters.Author")]
