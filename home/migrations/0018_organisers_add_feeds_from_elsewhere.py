"""Existing towns' organisers may add and look after their places' feeds from elsewhere (planet),
as ``home.towns.create_town`` gives new towns' organisers. Approving them is a separate permission."""

from django.db import migrations

CODENAMES = ["add_externalfeed", "change_externalfeed", "view_externalfeed", "delete_externalfeed"]


def permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="planet", model="externalfeed")
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )[0]
        for codename in CODENAMES
    ]


def grant(apps, schema_editor):
    towns = (
        apps.get_model("home", "Town").objects.filter(organisers__isnull=False).select_related("organisers")
    )
    granted = None
    for town in towns:
        granted = granted or permissions(apps)
        town.organisers.permissions.add(*granted)


def revoke(apps, schema_editor):
    wanted = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="planet", codename__in=CODENAMES
    )
    for town in (
        apps.get_model("home", "Town").objects.filter(organisers__isnull=False).select_related("organisers")
    ):
        town.organisers.permissions.remove(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0017_page_editor_labels_translated"),
        ("planet", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
