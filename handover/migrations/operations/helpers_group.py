"""The "Surgery helpers" group and what it may do, for handover/migrations/0002 and 0008 and the squashed
migration that replaces them.

They can use the admin, set up newcomers, keep the help log, and draft pages
(Wagtail's "add" permission lets them create pages and edit their own) but
not publish them or change other people's pages: editors do that. They may also
suggest local blogs for a place's "From elsewhere" list (planet); someone with the
approve permission still approves each feed before it is read.
"""

GROUP_NAME = "Surgery helpers"
MODEL_PERMISSIONS = {
    ("wagtailadmin", "admin"): ["access_admin"],
    ("handover", "helprecord"): ["add_helprecord", "change_helprecord", "view_helprecord"],
    ("handover", "followup"): ["add_followup", "change_followup", "view_followup"],
}
PAGE_PERMISSIONS = ["add_page"]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return found


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for (app_label, model), codenames in MODEL_PERMISSIONS.items():
        for codename in codenames:
            group.permissions.add(permission(apps, app_label, model, codename))
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission(apps, "wagtailcore", "page", codename)
            )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


FEED_CODENAMES = ["add_externalfeed", "change_externalfeed", "view_externalfeed"]


def grant_feed_suggestions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*(permission(apps, "planet", "externalfeed", codename) for codename in FEED_CODENAMES))


def revoke_feed_suggestions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="planet", codename__in=FEED_CODENAMES
            )
        )
