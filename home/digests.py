"""What goes into a place digest, and the scheduler's run that drafts and sends them.

A place digest (newsletters.digests) is a publication under a place. Every run of
``send_place_digests`` (home/management/commands, in the scheduler) does two things:

1. For each live digest whose next issue is due to be drafted, gather what is new in the place
   and the places below it: posts first published in the issue's period (from every publication
   there, not digests), posts from other websites' feeds (the planet), and the surgeries and
   centres' changed hours in the period until the next issue. Nothing at all: the issue is
   recorded as empty and nothing is sent.
2. For each drafted issue whose send time has come and that no editor held, publish the draft
   as the editors left it and queue it for the digest's confirmed subscribers through the
   existing send engine (subscriptions.queries.send_to_subscribers).

A send time the scheduler slept through is drafted and sent late if it comes back within
``DIGEST_LATE_GRACE_HOURS``, else marked missed (newsletters.digests). The send-time email checks
(subscriptions.email_checks) run on every draft and again as it is sent; their warnings show on
the draft (and are refreshed each time an editor saves it: home.wagtail_hooks).

Links are absolute, each from its own page's Site (a town on its own host links to that host).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from newsletters import queries as newsletter_queries
from newsletters.queries import DigestItem
from planet.queries import items_below
from subscriptions.queries import email_warning_messages, send_to_subscribers
from surgeries.queries import upcoming_surgeries_below

from .models import CommunityCentrePage, OpeningHoursException, PlacePage

logger = logging.getLogger(__name__)

EXCERPT_LIMIT = 240


def _short(text, limit=EXCERPT_LIMIT):
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def post_items(place, window):
    """New posts from every publication in the place and below it, oldest first."""
    return [
        DigestItem(
            kind="post",
            title=post.title,
            link=post.get_full_url(),
            date=post.date,
            source=post.publication.title,
            excerpt=_short(post.intro_text),
        )
        for post in newsletter_queries.posts_published_below(place, window.news_from, window.news_until)
    ]


def planet_items(place, window):
    """Posts from other websites' approved feeds in the place and below it (the planet), oldest first."""
    items = [
        item
        for item in items_below(place, limit=None, since=window.news_from)
        if item.published < window.news_until
    ]
    items.sort(key=lambda item: (item.published, item.pk))
    return [
        DigestItem(
            kind="elsewhere",
            title=item.title,
            link=item.link,
            date=timezone.localtime(item.published).date(),
            source=item.source_name,
            excerpt=_short(item.excerpt),
        )
        for item in items
    ]


def surgery_items(place, window):
    """Surgeries below the place starting between the send time and the next issue's."""
    surgeries = upcoming_surgeries_below(place).filter(
        starts_at__gte=window.send_at, starts_at__lt=window.coming_until
    )
    items = []
    for surgery in surgeries:
        starts = timezone.localtime(surgery.starts_at)
        venue = surgery.venue_in_page_language
        items.append(
            DigestItem(
                kind="surgery",
                title=surgery.title,
                link=surgery.get_full_url(),
                date=starts.date(),
                time=starts.time().replace(second=0, microsecond=0),
                source=venue.title if venue else surgery.venue_address.split("\n", 1)[0].strip(),
                excerpt=_short(surgery.intro_text),
            )
        )
    return items


def centre_items(place, window):
    """Centres' days off and special openings (their events) in the period until the next issue."""
    first_day = timezone.localtime(window.send_at).date()
    last_day = timezone.localtime(window.coming_until).date()
    centres = {centre.pk: centre for centre in CommunityCentrePage.within(place).defer_streamfields()}
    if not centres:
        return []
    changes = OpeningHoursException.objects.filter(
        page_id__in=centres, starts_on__lt=last_day, starts_on__gte=first_day
    ).order_by("starts_on", "pk")
    items = []
    for change in changes:
        centre = centres[change.page_id]
        with translation.override(centre.locale.language_code):
            if change.closed:
                what = _("Closed")
            else:
                what = _("Open %(opens)s to %(closes)s") % {
                    "opens": change.opens.strftime("%H:%M"),
                    "closes": change.closes.strftime("%H:%M"),
                }
            if change.ends_on and change.ends_on != change.starts_on:
                what += " " + _("until %(day)s") % {"day": change.ends_on.strftime("%d/%m/%Y")}
        items.append(
            DigestItem(
                kind="centre",
                title=change.reason,
                link=centre.get_full_url(),
                date=change.starts_on,
                source=centre.title,
                excerpt=what,
            )
        )
    return items


@dataclass
class DigestRun:
    drafted: list = field(default_factory=list)
    empty: list = field(default_factory=list)
    sent: list = field(default_factory=list)  # (issue, subscribers queued)
    missed: list = field(default_factory=list)  # past the late grace period: not sent


def check_email(issue, post):
    """Run the send-time email checks on the issue's ``post`` and keep their warnings on the issue.

    A check that fails (a picture file gone, say) must not stop the scheduler: it is logged.
    """
    try:
        with translation.override(post.locale.language_code):
            messages = email_warning_messages(post)
    except Exception:
        logger.exception("Could not check the email of digest issue %s", issue.pk)
        return
    newsletter_queries.record_warnings(issue, messages)


def recheck_draft(page):
    """After an editor saves a drafted (or held) issue: check its email again as the draft now stands."""
    issue = newsletter_queries.open_issue_for(page)
    if issue is None:
        return
    revision = page.get_latest_revision()
    check_email(issue, revision.as_object() if revision else page)


def draft_window(digest, place, window, run):
    news = post_items(place, window)
    coming = sorted(
        surgery_items(place, window) + centre_items(place, window),
        key=lambda item: (item.date, item.time or datetime.time.min),
    )
    issue = newsletter_queries.draft_issue(
        digest,
        window,
        place_title=place.title,
        news=news,
        coming=coming,
        elsewhere=planet_items(place, window),
    )
    if issue.post_id and issue.status == issue.Status.DRAFTED:
        check_email(issue, issue.post)
    (run.drafted if issue.post_id else run.empty).append(issue)


def draft_due(now=None, run=None):
    """Draft every digest issue whose drafting time has come and that has no row yet.

    First the one whose send time passed while the scheduler was not running: drafted now (and
    so sent in this run) within the late grace period, else recorded as missed.
    """
    now = now or timezone.now()
    run = run or DigestRun()
    for digest in newsletter_queries.digests():
        place = PlacePage.objects.filter(path=digest.path[: -digest.steplen]).first()
        if place is None:  # a digest is made only under a place; one moved elsewhere drafts nothing
            continue
        missed = newsletter_queries.missed_window(digest, now)
        if missed is not None:
            if now - missed.send_at <= newsletter_queries.late_grace():
                draft_window(digest, place, missed, run)
            else:
                run.missed.append(newsletter_queries.record_missed(digest, missed))
        window = newsletter_queries.window_due(digest, now)
        if window is not None:
            draft_window(digest, place, window, run)
    return run


def send_due(now=None, run=None):
    """Publish and queue every drafted issue whose send time has come (held ones stay)."""
    now = now or timezone.now()
    run = run or DigestRun()
    for issue in newsletter_queries.due_issues(now):
        if newsletter_queries.miss_if_too_late(issue, now):
            run.missed.append(issue)
            continue
        with transaction.atomic():
            post = newsletter_queries.publish_for_sending(issue, now)
            if post is not None:
                check_email(issue, post)  # what was sent, for the record
                run.sent.append((issue, send_to_subscribers(post)))
    return run


def run_digests(now=None):
    """One scheduler run: draft what is due, then send what is due. Safe to run at any time, twice."""
    run = DigestRun()
    draft_due(now, run)
    send_due(now, run)
    return run
