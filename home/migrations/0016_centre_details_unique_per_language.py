import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0015_centre_details_existing_rows_get_a_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            operation
            for model_name in ("centreroom", "openinghoursexception", "regularactivity")
            for operation in (
                migrations.AlterField(
                    model_name=model_name,
                    name="locale",
                    field=models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="translation_key",
                    field=models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                migrations.AlterUniqueTogether(
                    name=model_name,
                    unique_together={("translation_key", "locale")},
                ),
            )
        ],
    ]
