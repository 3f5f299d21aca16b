"""Actors belong to any page (a publication, a place's news), not only publications.

A publication's page id is its Page id, so the existing rows keep pointing at the same page.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fediverse", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actor",
            name="publication",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="fediverse_actor",
                to="wagtailcore.page",
            ),
        ),
        migrations.RenameField(model_name="actor", old_name="publication", new_name="page"),
        migrations.AlterField(
            model_name="sentpost",
            name="post_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="sentpost",
            constraint=models.UniqueConstraint(fields=("actor", "post_id"), name="fediverse_sent_once"),
        ),
    ]
