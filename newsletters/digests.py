"""Place digests: when each issue is drafted and sent, and the draft itself.

A place digest is a PublicationPage of kind ``digest`` directly under a place. Its issues are
ordinary PostPages, so they go out through the existing send engine (subscriptions.delivery) to
subscribers who signed up with the usual double opt-in, and editors change a draft in the usual
page editor. What this module adds is the calendar and the bookkeeping (``DigestIssue``):

- An issue goes out at the digest's send time (a weekday and a time of day; a monthly digest on
  the first such weekday of the month) and is drafted ``DRAFT_LEAD`` before, so editors have a day
  to reorder, cut or add a note.
- It covers posts first published between the previous issue's drafting and its own, and the
  surgeries and events between its send time and the next one: no post falls between two issues.
- Nothing new means no draft and nothing sent; the issue's row says so for the editors.
- A send time the scheduler slept through is caught up when it comes back within
  ``DIGEST_LATE_GRACE_HOURS`` (drafted then if it never was, and sent at once); later than that
  the issue is marked missed, so the digest's Sending tab says why nothing went out. The row per
  send time (and its status) means an issue never goes twice.
- The send-time email checks (subscriptions.email_checks) are run by ``home.digests`` when it
  drafts and sends (this app cannot read them); ``record_warnings`` keeps them for the draft's panel.

What goes into an issue is worked out by ``home.digests`` (which may read every app); this
module only turns a list of ``DigestItem`` into a draft.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from cms.html import plain_text_as_rich_text

from .models import DigestIssue, PostPage, PublicationPage

DRAFT_LEAD = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class DigestWindow:
    """What one issue covers and when it goes out (aware datetimes)."""

    news_from: datetime.datetime
    news_until: datetime.datetime
    send_at: datetime.datetime
    coming_until: datetime.datetime

    @property
    def draft_at(self):
        return self.send_at - DRAFT_LEAD


@dataclass(frozen=True)
class DigestItem:
    """One line of an issue: kind is "post", "surgery", "centre" or "elsewhere"; link is absolute."""

    kind: str
    title: str
    link: str
    date: datetime.date | None = None
    time: datetime.time | None = None
    source: str = ""
    excerpt: str = ""

    def as_block(self):
        return {
            "type": "digest_item",
            "value": {
                "kind": self.kind,
                "title": self.title[:255],
                "date": self.date.isoformat() if self.date else None,
                "time": self.time.isoformat(timespec="minutes") if self.time else None,
                "source": self.source[:255],
                "excerpt": self.excerpt,
                "link": self.link,
            },
        }


# --- The calendar ----------------------------------------------------------------------------


def _at(digest, day):
    """The digest's send time on ``day``, in the site's time zone (UK time, summer or winter)."""
    return timezone.make_aware(datetime.datetime.combine(day, digest.digest_send_time))


def _first_weekday(year, month, weekday):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7)


def _month_after(year, month, step=1):
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def next_send_at(digest, after):
    """The first send time of ``digest`` strictly after ``after``."""
    today = timezone.localtime(after).date()
    if digest.digest_frequency == PublicationPage.DigestFrequency.MONTHLY:
        year, month = today.year, today.month
        while True:
            moment = _at(digest, _first_weekday(year, month, digest.digest_weekday))
            if moment > after:
                return moment
            year, month = _month_after(year, month)
    day = today + datetime.timedelta(days=(digest.digest_weekday - today.weekday()) % 7)
    while (moment := _at(digest, day)) <= after:
        day += datetime.timedelta(days=7)
    return moment


def previous_send_at(digest, send_at):
    """The send time before the send time ``send_at``."""
    day = timezone.localtime(send_at).date()
    if digest.digest_frequency == PublicationPage.DigestFrequency.MONTHLY:
        year, month = _month_after(day.year, day.month, -1)
        return _at(digest, _first_weekday(year, month, digest.digest_weekday))
    return _at(digest, day - datetime.timedelta(days=7))


def window_for(digest, send_at):
    """What the issue going out at ``send_at`` covers."""
    return DigestWindow(
        news_from=previous_send_at(digest, send_at) - DRAFT_LEAD,
        news_until=send_at - DRAFT_LEAD,
        send_at=send_at,
        coming_until=next_send_at(digest, send_at),
    )


def window_due(digest, now=None):
    """The window of the next issue if it is time to draft it (within ``DRAFT_LEAD`` of sending)
    and it has not been drafted (or found empty) yet."""
    now = now or timezone.now()
    window = window_for(digest, next_send_at(digest, now))
    if (
        now < window.draft_at
        or DigestIssue.objects.filter(publication=digest, send_at=window.send_at).exists()
    ):
        return None
    return window


def late_grace():
    return datetime.timedelta(hours=settings.DIGEST_LATE_GRACE_HOURS)


def missed_window(digest, now=None):
    """The window of the latest send time at or before ``now`` if the scheduler never drafted it
    (it was not running), provided the digest was already there when it was due to be drafted."""
    now = now or timezone.now()
    window = window_for(digest, previous_send_at(digest, next_send_at(digest, now)))
    if (
        digest.first_published_at is None
        or digest.first_published_at > window.draft_at
        or DigestIssue.objects.filter(publication=digest, send_at=window.send_at).exists()
    ):
        return None
    return window


def record_missed(digest, window):
    """Note that the issue for ``window`` was not sent because its time passed too long ago."""
    issue, _created = DigestIssue.objects.get_or_create(
        publication=digest,
        send_at=window.send_at,
        defaults={
            "news_from": window.news_from,
            "news_until": window.news_until,
            "coming_until": window.coming_until,
            "status": DigestIssue.Status.MISSED,
        },
    )
    return issue


def miss_if_too_late(issue, now=None):
    """Mark a drafted issue missed when its time (or its release, if later) is past the grace
    period; True if it was."""
    now = now or timezone.now()
    due = max(issue.send_at, issue.released_at or issue.send_at)
    if now - due <= late_grace():
        return False
    return bool(
        DigestIssue.objects.filter(pk=issue.pk, status=DigestIssue.Status.DRAFTED).update(
            status=DigestIssue.Status.MISSED
        )
    )


def open_issue_for(post):
    """The drafted or held digest issue whose draft is ``post``, or None."""
    return DigestIssue.objects.filter(
        post_id=post.pk, status__in=[DigestIssue.Status.DRAFTED, DigestIssue.Status.HELD]
    ).first()


def record_warnings(issue, messages):
    """Keep the email checks' warnings for the issue (shown on its draft, kept once sent)."""
    issue.warnings = [str(message) for message in messages]
    DigestIssue.objects.filter(pk=issue.pk).update(warnings=issue.warnings)


def digests():
    """Every live place digest (a draft or unpublished digest page drafts nothing)."""
    return PublicationPage.objects.live().filter(kind=PublicationPage.Kind.DIGEST).order_by("path")


# --- Drafting -----------------------------------------------------------------------------------


def issue_title(digest, window):
    with translation.override(digest.locale.language_code):
        day = format_date(timezone.localtime(window.send_at).date(), "j F Y")
        if digest.digest_frequency == PublicationPage.DigestFrequency.MONTHLY:
            return _("This month: %(date)s") % {"date": day}
        return _("This week: %(date)s") % {"date": day}


def issue_body(digest, place_title, news, coming, elsewhere=()):
    """The draft's blocks: a heading and the items for each part that has any."""
    body = []
    with translation.override(digest.locale.language_code):
        parts = [
            (_("New in %(place)s") % {"place": place_title}, news),
            (_("From local blogs and websites"), elsewhere),
            (_("Coming up"), coming),
        ]
    for heading, items in parts:
        if items:
            body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
            body.extend(item.as_block() for item in items)
    return body


def draft_issue(digest, window, *, place_title, news=(), coming=(), elsewhere=()):
    """Record the issue for ``window`` and, unless it has nothing in it, its draft; returns the row.

    Idempotent: a second call for the same send time returns the row the first one made.
    """
    count = len(news) + len(coming) + len(elsewhere)
    with transaction.atomic():
        issue, created = DigestIssue.objects.get_or_create(
            publication=digest,
            send_at=window.send_at,
            defaults={
                "news_from": window.news_from,
                "news_until": window.news_until,
                "coming_until": window.coming_until,
                "item_count": count,
                "status": DigestIssue.Status.DRAFTED if count else DigestIssue.Status.EMPTY,
            },
        )
        if not created or not count:
            return issue
        with translation.override(digest.locale.language_code):
            intro = _(
                "New posts, surgeries and events in %(place)s and the places in it, gathered for you."
            ) % {"place": place_title}
        post = PostPage(
            title=issue_title(digest, window),
            slug=f"{timezone.localtime(window.send_at):%Y-%m-%d}",
            date=timezone.localtime(window.send_at).date(),
            intro=plain_text_as_rich_text(intro),
            search_description=intro,
            body=issue_body(digest, place_title, list(news), list(coming), list(elsewhere)),
            live=False,
            locale_id=digest.locale_id,
        )
        digest.add_child(instance=post)
        post.save_revision()
        issue.post = post
        issue.save(update_fields=["post"])
    return issue


# --- Holding and sending ----------------------------------------------------------------------


def hold(issue):
    """Keep a drafted issue back: it will not go out until an editor lets it go. True if it changed."""
    return bool(
        DigestIssue.objects.filter(pk=issue.pk, status=DigestIssue.Status.DRAFTED).update(
            status=DigestIssue.Status.HELD
        )
    )


def release(issue):
    """Let a held issue go: it goes out at its send time, or at the next run if that has passed."""
    return bool(
        DigestIssue.objects.filter(pk=issue.pk, status=DigestIssue.Status.HELD).update(
            status=DigestIssue.Status.DRAFTED, released_at=timezone.now()
        )
    )


def due_issues(now=None):
    """Drafted issues whose send time has come (held ones wait)."""
    now = now or timezone.now()
    return list(
        DigestIssue.objects.filter(status=DigestIssue.Status.DRAFTED, send_at__lte=now).order_by(
            "send_at", "pk"
        )
    )


def publish_for_sending(issue, now=None):
    """Publish the issue's latest draft (with the editors' changes) and mark it sent; returns the post.

    Call inside a transaction with the send itself, so the row says "sent" only if the send was
    queued. None when the issue was held or sent meanwhile, or its draft was deleted.
    """
    issue = DigestIssue.objects.select_for_update().filter(pk=issue.pk).first()
    if issue is None or issue.status != DigestIssue.Status.DRAFTED:
        return None
    post = PostPage.objects.filter(pk=issue.post_id).first() if issue.post_id else None
    if post is None:
        issue.status = DigestIssue.Status.CANCELLED
        issue.save(update_fields=["status"])
        return None
    revision = post.get_latest_revision()
    if revision is not None and (not post.live or post.has_unpublished_changes):
        revision.publish()
        post = PostPage.objects.get(pk=post.pk)
    elif not post.live:
        post.save_revision().publish()
        post = PostPage.objects.get(pk=post.pk)
    issue.status = DigestIssue.Status.SENT
    issue.sent_at = now or timezone.now()
    issue.save(update_fields=["status", "sent_at"])
    return post
