"""Email for the hand-over, sent in the background (never inside the helper's request)."""

from django.utils import timezone

from django_tasks import task

from cms.mail import build_email


@task()
def send_invite(invite_id):
    """Email the newcomer their invitation link, once. Does nothing for a used or expired one."""
    from .models import Invite

    invite = (
        Invite.objects.select_related("user", "help_record__helper", "help_record__publication")
        .filter(pk=invite_id, emailed_at__isnull=True)
        .usable()
        .first()
    )
    if invite is None or not invite.user.email:
        return
    record = invite.help_record
    message = build_email(
        "handover/email/invite",
        {"invite": invite, "record": record, "user": invite.user, "helper": record.helper},
        to=[invite.user.email],
        reply_to=[record.helper.email] if record.helper and record.helper.email else None,
    )
    message.send()
    # Marked after sending: a retry after a crash may send twice, but never a second copy
    # after a successful send.
    Invite.objects.filter(pk=invite.pk).update(emailed_at=timezone.now())
