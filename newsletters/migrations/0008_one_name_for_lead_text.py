"""Lead text is `intro` on every page type: a publication's description and a post's summary.

A post's summary becomes rich text; drafts, older versions and wagtail-localize sources move too.
"""

from django.db import migrations

import wagtail.fields

from cms.migrations.operations.fields import move_page_field


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0007_images_in_cms_alt_text_on_the_image"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField(model_name="publicationpage", old_name="description", new_name="intro"),
        migrations.AlterField(
            model_name="publicationpage",
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
        move_page_field("newsletters", "PublicationPage", "description", "intro"),
        migrations.RenameField(model_name="postpage", old_name="summary", new_name="intro"),
        migrations.AlterField(
            model_name="postpage",
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
        move_page_field("newsletters", "PostPage", "summary", "intro", to_rich_text=True),
    ]
