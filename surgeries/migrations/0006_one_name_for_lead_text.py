"""Lead text is `intro` on every page type: a surgery's description, with its drafts and older versions."""

from django.db import migrations

import wagtail.fields

from cms.migrations.operations.fields import move_page_field


class Migration(migrations.Migration):
    dependencies = [
        ("surgeries", "0005_images_in_cms"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField(model_name="surgerypage", old_name="description", new_name="intro"),
        migrations.AlterField(
            model_name="surgerypage",
            name="intro",
            field=wagtail.fields.RichTextField(
                blank=True,
                help_text=(
                    "A sentence or two that tells readers what this page is about. It is shown in large "
                    "print under the title, and with the title wherever the page is listed or shared. "
                    "Keep it short: the details go further down."
                ),
                verbose_name="introduction",
            ),
        ),
        move_page_field("surgeries", "SurgeryPage", "description", "intro"),
    ]
