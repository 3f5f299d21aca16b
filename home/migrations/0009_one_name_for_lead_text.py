"""Lead text is `intro` on every page type: a plain page's summary becomes rich text under that name.

Its drafts, older versions and wagtail-localize sources are moved with it.
"""

from django.db import migrations

import wagtail.fields

from cms.migrations.operations.fields import move_page_field


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_images_in_cms"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="homepage",
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
        migrations.AlterField(
            model_name="placepage",
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
        migrations.AlterField(
            model_name="communitycentrepage",
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
        migrations.RenameField(model_name="standardpage", old_name="summary", new_name="intro"),
        migrations.AlterField(
            model_name="standardpage",
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
        move_page_field("home", "StandardPage", "summary", "intro", to_rich_text=True),
    ]
