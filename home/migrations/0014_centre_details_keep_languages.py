import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0013_snippet_labels_translated"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name=model_name,
            name=name,
            field=field,
        )
        for model_name in ("centreroom", "openinghoursexception", "regularactivity")
        for name, field in (
            (
                "locale",
                models.ForeignKey(
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                ),
            ),
            ("translation_key", models.UUIDField(editable=False, null=True)),
        )
    ]
