"""Who may set newcomers up, and who is a newcomer (so the admin can be kept simple for them)."""

HELPERS_GROUP = "Surgery helpers"
HELPERS_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("handover", "add_helprecord"),
    ("handover", "change_helprecord"),
    ("handover", "view_helprecord"),
    ("handover", "add_followup"),
    ("handover", "change_followup"),
    ("handover", "view_followup"),
]


def helpers_group():
    """The "Surgery helpers" group with its permissions.

    Migration 0002 makes it on a new site; this puts it back where it is missing
    (a test database emptied between browser tests, a site that deleted it).
    Helpers may use the admin, keep the help log and draft pages (Wagtail's "add"
    permission on the root page) but not publish them.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from wagtail.models import GroupPagePermission, Page

    from planet.queries import suggester_permissions

    group, _ = Group.objects.get_or_create(name=HELPERS_GROUP)
    wanted = Q()
    for app_label, codename in HELPERS_MODEL_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))
    # Suggesting local blogs for a place's "From elsewhere" list (someone else approves them).
    group.permissions.add(*suggester_permissions())
    root = Page.get_first_root_node()
    add_page = Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page").first()
    if root is not None and add_page is not None:
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=add_page)
    return group


def can_set_up_newcomers(user):
    """Superusers and members of the "Surgery helpers" group."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # Asked once per row in the help log, so the answer is kept for the request.
    if not hasattr(user, "_handover_is_helper"):
        user._handover_is_helper = user.groups.filter(name=HELPERS_GROUP).exists()
    return user._handover_is_helper


def newcomer_record(user):
    """The hand-over that made this account, or None for everyone else.

    Several admin hooks ask on every request, so the answer is kept on the user
    object (which lives for one request).
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_handover_record"):
        from .models import HelpRecord

        user._handover_record = (
            HelpRecord.objects.filter(newcomer=user)
            .select_related("publication", "helper", "surgery")
            .order_by("-created_at")
            .first()
        )
    return user._handover_record


def newcomer(user):
    """The hand-over record of a newcomer, whose admin is kept simple and inside their section; else None.

    The one answer to "is this a newcomer?" for every hook, view and middleware.
    Superusers always get the full admin, even if a hand-over made their account.
    """
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return None
    return newcomer_record(user)


def is_newcomer(user):
    return newcomer(user) is not None


def may_manage_invitation(user, record):
    """Only the helper who ran the hand-over, or a site administrator, sees or renews its invitation.

    Anyone else holding a working link could choose the newcomer's password and
    log in as them, so other helpers are kept out even though they keep the log.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return record.set_up_by_id is not None and record.set_up_by_id == user.pk and can_set_up_newcomers(user)


def account_in_use(record):
    """True once the newcomer has logged in: from then on only they (via a password reset) set a password."""
    return record.newcomer is not None and record.newcomer.last_login is not None
