"""Surgery helpers may suggest local blogs for a place's "From elsewhere" list (planet).

Someone with the approve permission still approves each feed before it is read.
"""

from django.db import migrations

GROUP_NAME = "Surgery helpers"
CODENAMES = ["add_externalfeed", "change_externalfeed", "view_externalfeed"]


def permission(apps, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="planet", model="externalfeed")
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*(permission(apps, codename) for codename in CODENAMES))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="planet", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("handover", "0007_field_labels_translated"),
        ("planet", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
