"""Email for the hand-over, sent in the background (never inside the helper's request)."""

from django.utils import timezone

from django_tasks import task

from cms.languages import supported_language
from cms.mail import build_email


def preferred_language(user):
    """The language the newcomer chose at set-up (their Wagtail profile's), for their emails."""
    from wagtail.users.models import UserProfile

    return supported_language(UserProfile.get_for_user(user).preferred_language)


@task()
def send_invite(invite_id):
    """Email the newcomer their invitation link, once. Does nothing for a used or expired one."""
    from .models import Invite

    invite = (
        Invite.objects.select_related(
            "user", "help_record__helper", "help_record__publication", "help_record__surgery"
        )
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
        language=preferred_language(invite.user),
        page=record.section(),
    )
    message.send()
    # Marked after sending: a retry after a crash may send twice, but never a second copy
    # after a successful send.
    Invite.objects.filter(pk=invite.pk).update(emailed_at=timezone.now())


@task()
def tell_writer_post_is_live(record_id, page_id, revision_id):
    """Email a newcomer that the post their helper checked is live, once per published version."""
    from django.db import transaction

    from wagtail.models import Page, PageLogEntry

    from .models import HelpRecord

    record = HelpRecord.objects.select_related("newcomer", "helper").filter(pk=record_id).first()
    page = Page.objects.filter(pk=page_id, live=True).first()
    if record is None or page is None or not (record.newcomer and record.newcomer.email):
        return
    with transaction.atomic():
        # The log entry is both the record in the page's history and the guard against a second email.
        Page.objects.select_for_update().filter(pk=page.pk).first()
        told = PageLogEntry.objects.filter(
            page=page, action="handover.writer_told_live", revision_id=revision_id
        )
        if told.exists():
            return
        message = build_email(
            "handover/email/post_live",
            {"record": record, "user": record.newcomer, "helper": record.helper, "page": page.specific},
            to=[record.newcomer.email],
            reply_to=[record.helper.email] if record.helper and record.helper.email else None,
            language=preferred_language(record.newcomer),
            page=page,
        )
        message.send()
        PageLogEntry.objects.log_action(
            page, "handover.writer_told_live", revision=page.revisions.filter(pk=revision_id).first()
        )


@task()
def send_follow_up_prompt(record_id):
    """Ask, once, what has happened since the help: the person helped if they agreed, else the helper.

    Nothing is sent for an entry already emailed or answered.
    """
    from .follow_ups import follow_up_url, link_days, recipient
    from .models import HelpRecord

    record = (
        HelpRecord.objects.select_related("helper", "newcomer", "surgery", "publication")
        .filter(pk=record_id, follow_up_emailed_at=None, follow_up_answered_at=None)
        .first()
    )
    if record is None:
        return
    user, role = recipient(record)
    if user is None:
        return
    language = preferred_language(user)
    helper = record.helper
    message = build_email(
        "handover/email/follow_up_prompt",
        {
            "record": record,
            "user": user,
            "role": role,
            "helper": helper,
            "link": follow_up_url(record, role, language),
            "days": link_days(),
        },
        to=[user.email],
        reply_to=[helper.email] if role == "newcomer" and helper and helper.email else None,
        language=language,
        page=record.section(),
    )
    message.send()
    # Marked after sending: a retry after a crash may send twice, never after a successful send.
    HelpRecord.objects.filter(pk=record.pk).update(follow_up_emailed_at=timezone.now())
