"""Asking, some weeks after the help, what has happened since; and the stories people agreed to share.

``FOLLOW_UP_AFTER_WEEKS`` after a help-log entry the scheduler (``manage.py send_follow_up_prompts``)
claims the entry, once, and queues one email: to the person helped when they agreed to be asked
(``HelpRecord.newcomer_may_be_asked``) and have an account with an email address, otherwise to the
helper. The email carries a signed link, made the way the newsletter confirmation links are
(Django's ``TimestampSigner`` with a salt of its own, so no other link's token works here), which
stops working after ``FOLLOW_UP_LINK_DAYS``. It opens a two-question form without logging in, and
the answer becomes a ``FollowUp``, once per entry.

A follow-up appears as a short story on the public "What changed" pages when whoever answered said
it may be shared (``consent_to_publish``) and no organiser has since hidden it (``hide_story``):
nobody approves it first, as only the holder of the emailed link can write one. Only its words,
month and place are shown, never who was helped, who helped or their group; everything else is
only counted.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.sites import page_site_url
from cms.tokens import SignedLink

from .models import FollowUp, HelpRecord

SALT = "handover.follow_up"
ROLES = ("helper", "newcomer")
# Help given longer ago than FOLLOW_UP_AFTER_WEEKS plus this is not asked about: the help log
# kept before follow-ups were switched on, or while the scheduler was stopped for weeks.
LATEST_PROMPT = timedelta(weeks=4)
MOST_CHARACTERS = 1500


def prompt_after():
    return timedelta(weeks=settings.FOLLOW_UP_AFTER_WEEKS)


def link_days():
    return settings.FOLLOW_UP_LINK_DAYS


FOLLOW_UP_LINK = SignedLink(SALT, days=link_days)


# --- Links --------------------------------------------------------------------------------------


def follow_up_token(record, role):
    """Signed and timestamped; names the entry and who was asked, so the form can speak to them."""
    return FOLLOW_UP_LINK.sign(f"{record.pk}:{role}")


def follow_up_url(record, role, language=None):
    """The form's full address, in the reader's language (/ur/... for Urdu), on the host of the
    entry's own town (its publication's or surgery's Site, ``HelpRecord.section``)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return page_site_url(record.section()) + reverse(
            "handover:follow_up", args=[follow_up_token(record, role)]
        )


class LinkProblem(Exception):
    """Why a link cannot be used: an HTTP status, a heading and what to do instead."""

    def __init__(self, status, heading, advice):
        super().__init__(heading)
        self.status, self.heading, self.advice = status, heading, advice


NOT_OURS = _("We do not recognise this link")
NOT_OURS_ADVICE = _(
    "Check that the whole link was copied from the email. If it still does not work, there is "
    "nothing more you need to do."
)


def read_token(token):
    """(help record id, role) from a link's token; LinkProblem for a tampered or expired one."""
    if not token or len(token) > 200:
        raise LinkProblem(400, NOT_OURS, NOT_OURS_ADVICE)
    try:
        value = FOLLOW_UP_LINK.unsign(token)
    except signing.SignatureExpired:
        raise LinkProblem(
            410,
            _("This link has expired"),
            _(
                "Links to tell us what has happened work for %(days)d days. Thank you all the same: if "
                "you would still like to tell us, reply to the email."
            )
            % {"days": link_days()},
        ) from None
    except signing.BadSignature:
        raise LinkProblem(400, NOT_OURS, NOT_OURS_ADVICE) from None
    record_id, _sep, role = value.partition(":")
    if not record_id.isdecimal() or role not in ROLES:
        raise LinkProblem(400, NOT_OURS, NOT_OURS_ADVICE)
    return int(record_id), role


ALREADY_ANSWERED = _("You have already answered")
ALREADY_ANSWERED_ADVICE = _(
    "Thank you: we have your answer. Each link takes one answer, so there is nothing more to do."
)


def record_for_link(token):
    """(help record, role) for a usable link; LinkProblem otherwise."""
    record_id, role = read_token(token)
    record = HelpRecord.objects.select_related("surgery", "publication").filter(pk=record_id).first()
    if record is None:
        raise LinkProblem(
            404,
            _("There is nothing to answer here any more"),
            _("The help this link asked about has been removed from our records."),
        )
    if record.follow_up_answered_at is not None:
        raise LinkProblem(410, ALREADY_ANSWERED, ALREADY_ANSWERED_ADVICE)
    return record, role


# --- Whom to ask, and when ------------------------------------------------------------------------


def recipient(record):
    """(user, role) to ask: the person helped if they agreed and can be emailed, else the helper."""
    newcomer, helper = record.newcomer, record.helper
    if record.newcomer_may_be_asked and newcomer and newcomer.is_active and newcomer.email:
        return newcomer, "newcomer"
    if helper and helper.is_active and helper.email:
        return helper, "helper"
    return None, None


def due_prompts(now):
    """Entries given FOLLOW_UP_AFTER_WEEKS ago (but not far longer), never asked, with no follow-up yet."""
    return HelpRecord.objects.filter(
        follow_up_asked_at=None,
        created_at__lte=now - prompt_after(),
        created_at__gt=now - prompt_after() - LATEST_PROMPT,
    ).exclude(Exists(FollowUp.objects.filter(help_record=OuterRef("pk"))))


def queue_follow_up_prompts(now=None):
    """Claim each due entry and queue its email; returns how many were queued.

    The claim (an UPDATE of a still-unclaimed row) makes this safe to run often, or twice at once.
    """
    from .tasks import send_follow_up_prompt

    now = now or timezone.now()
    queued = 0
    for record_id in due_prompts(now).order_by("created_at").values_list("pk", flat=True):
        if HelpRecord.objects.filter(pk=record_id, follow_up_asked_at=None).update(follow_up_asked_at=now):
            transaction.on_commit(lambda record_id=record_id: send_follow_up_prompt.enqueue(record_id))
            queued += 1
    return queued


# --- The answer -----------------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    """The two questions. Sharing is a choice between two clear answers, "no" unless changed."""

    what_changed = forms.CharField(
        max_length=MOST_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Tell us in a few words what has happened since, even if it is “not much yet”.")
        },
    )
    share = forms.ChoiceField(
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": _("Choose whether we may share it.")},
    )

    def __init__(self, *args, role="helper", **kwargs):
        super().__init__(*args, **kwargs)
        if role == "newcomer":
            self.fields["what_changed"].label = _("What have you done since?")
            self.fields["what_changed"].help_text = _(
                "For example: “We have sent three issues to 40 homes” or “I post on our page every week”."
            )
            self.fields["share"].label = _("May we share it?")
            self.fields["share"].choices = [
                ("no", _("No, keep it to the organisers")),
                ("yes", _("Yes, you may show my words on this website and tell funders, without my name")),
            ]
        else:
            self.fields["what_changed"].label = _("What have they done since?")
            self.fields["what_changed"].help_text = _(
                "As far as you know, in their words if you can. Please do not write their name."
            )
            self.fields["share"].label = _("May we share it?")
            self.fields["share"].choices = [
                ("no", _("No, or I have not asked them: keep it to the organisers")),
                (
                    "yes",
                    _("Yes, they agreed that these words may be shown on this website and told to funders"),
                ),
            ]
        self.fields["share"].help_text = _(
            "Shared words appear without any name on the “What changed” page of this website."
        )

    def clean_what_changed(self):
        text = self.cleaned_data["what_changed"].strip()
        if not text:
            raise forms.ValidationError(self.fields["what_changed"].error_messages["required"])
        return text


def record_answer(record_id, role, what_changed, share, now=None):
    """The FollowUp made from an answer, or None when the entry was answered a moment ago (or removed).

    The entry's row is locked, so the same form sent twice at once makes one record.
    """
    now = now or timezone.now()
    with transaction.atomic():
        record = HelpRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.follow_up_answered_at is not None:
            return None
        follow_up = FollowUp.objects.create(
            help_record=record,
            date=timezone.localdate(now),
            what_changed=what_changed,
            consent_to_publish=share,
            answered_by=role,
        )
        HelpRecord.objects.filter(pk=record.pk).update(follow_up_answered_at=now)
    return follow_up


# --- What changed, in public ----------------------------------------------------------------------


def records_under(paths):
    """Help-log entries at a surgery under any of the tree ``paths`` or, away from a surgery, for a
    publication under one (as the impact report counts them)."""
    where = Q()
    for path in paths:
        where |= Q(surgery__path__startswith=path) | Q(
            surgery__isnull=True, publication__path__startswith=path
        )
    return HelpRecord.objects.filter(where).order_by() if paths else HelpRecord.objects.none()


def shared_stories(paths):
    """Follow-ups under ``paths`` that may be shown: the words, the date and the place, nothing else."""
    return (
        FollowUp.objects.filter(
            help_record__in=records_under(paths).values("pk"), consent_to_publish=True, hide_story=False
        )
        .order_by("-date", "-pk")
        .values("pk", "date", "what_changed", "help_record__surgery__path", "help_record__publication__path")
    )


def with_places(stories):
    """Each story (a dict) with ``place``: the title of the page the surgery or publication is in."""
    stories = list(stories)
    steplen = Page.steplen

    def parent_path(story):
        path = story["help_record__surgery__path"] or story["help_record__publication__path"] or ""
        return path[:-steplen]

    titles = dict(
        Page.objects.filter(path__in={parent_path(story) for story in stories}).values_list("path", "title")
    )
    for story in stories:
        story["place"] = titles.get(parent_path(story), "")
    return stories


def follow_up_figures(paths):
    """Counts only: times people were helped, follow-ups recorded and stories shared (two queries)."""
    records = records_under(paths)
    figures = FollowUp.objects.filter(help_record__in=records.values("pk")).aggregate(
        follow_ups=Count("pk"), shared=Count("pk", filter=Q(consent_to_publish=True, hide_story=False))
    )
    figures["help_given"] = records.count()
    return figures
