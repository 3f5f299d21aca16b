"""Existing towns' organisers no longer rename centre facilities, as ``home.towns.create_town`` now
gives new towns: a facility is one word for the whole network, and renaming it changed every town's
centres. They still add and choose facilities."""

from django.db import migrations


def facility_permission(apps, codename):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="home", content_type__model="facility", codename=codename
    )


def organiser_groups(apps):
    Town = apps.get_model("home", "Town")
    return [
        town.organisers for town in Town.objects.filter(organisers__isnull=False).select_related("organisers")
    ]


def revoke(apps, schema_editor):
    for group in organiser_groups(apps):
        group.permissions.remove(*facility_permission(apps, "change_facility"))


def grant(apps, schema_editor):
    for group in organiser_groups(apps):
        group.permissions.add(*facility_permission(apps, "change_facility"))


class Migration(migrations.Migration):
    dependencies = [("home", "0018_organisers_add_feeds_from_elsewhere")]

    operations = [migrations.RunPython(revoke, grant)]
