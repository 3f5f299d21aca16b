"""Admin users for tests: someone who can reach the admin, with page permissions on one subtree."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission


def editor(django_user_model, name, page=None, permissions=()):
    """A user who can reach the admin, with the given page permissions on ``page``'s subtree."""
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user
