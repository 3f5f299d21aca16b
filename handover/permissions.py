"""Who may set newcomers up, and who is a newcomer (so the admin can be kept simple for them)."""

HELPERS_GROUP = "Surgery helpers"


def can_set_up_newcomers(user):
    """Superusers and members of the "Surgery helpers" group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=HELPERS_GROUP).exists()


def newcomer_record(user):
    """The hand-over that made this account, or None for everyone else."""
    if not user.is_authenticated:
        return None
    from .models import HelpRecord

    return (
        HelpRecord.objects.filter(newcomer=user)
        .select_related("publication", "helper", "surgery")
        .order_by("-created_at")
        .first()
    )
