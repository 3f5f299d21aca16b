"""The "Surgery helpers" group: volunteers who set newcomers up and keep the help log.

They can use the admin, set up newcomers, keep the help log, and draft pages
(Wagtail's "add" permission lets them create pages and edit their own) but
not publish them or change other people's pages: editors do that.
"""

from django.db import migrations

from handover.migrations.operations.helpers_group import create_group, remove_group


class Migration(migrations.Migration):
    dependencies = [
        ("handover", "0001_help_log"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        # After the migrations that hand "choose" permissions to every existing group.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
