"""Existing rows are in the site's main language, each the first of its own set of translations."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_facilities_keep_revisions_and_languages"),
    ]

    operations = [BootstrapTranslatableModel("home.Facility")]
