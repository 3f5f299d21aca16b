"""The helpers' log and the invitations that hand a new account over to a newcomer.

A ``HelpRecord`` is one piece of help given at (or after) a surgery: who helped
whom, with what, and what was built. When a helper sets a newcomer up through
the one-form hand-over, the record also remembers the account, group,
collection and publication it created, so a fresh invitation can be issued
later and the log can say what has happened since.
"""

import hashlib
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from surgeries.queries import topic_choices, topic_labels

INVITE_LIFETIME = timedelta(days=14)


class TopicsField(models.JSONField):
    """A list of surgery topics, edited as a row of tick boxes rather than as JSON text."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            # A callable, so a topic editors add shows up without a restart.
            choices=topic_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )


class HelpRecord(ClusterableModel):
    """One piece of help a helper gave: at a surgery, or afterwards."""

    surgery = models.ForeignKey(
        "surgeries.SurgeryPage",
        verbose_name=_("surgery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_records",
        help_text=_("The surgery where the help was given. Leave empty if it was given somewhere else."),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_given",
        help_text=_("The volunteer who gave the help."),
    )
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_received",
        editable=False,
        help_text=_("The account made for the person helped, when the hand-over form made one."),
    )
    helped_name = models.CharField(
        _("who was helped"),
        max_length=150,
        help_text=_("The name of the person you helped, e.g. 'Maureen Lewis'."),
    )
    group_name = models.CharField(
        _("their group"),
        max_length=150,
        blank=True,
        help_text=_("Optional. The group or organisation they were helped for, e.g. 'Elm Road Residents'."),
    )
    topics = TopicsField(
        _("helped with"),
        default=list,
        blank=True,
        help_text=_("Tick everything you helped with."),
    )
    link = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional. The address of what was made, e.g. the new Facebook page, starting https://"),
    )
    publication = models.ForeignKey(
        "newsletters.PublicationPage",
        verbose_name=_("newsletter or blog"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. The newsletter or blog on this site that was set up."),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "Optional. Anything the next helper should know, e.g. 'wants to learn about photos next'."
        ),
    )
    created_at = models.DateTimeField(
        _("date"), default=timezone.now, help_text=_("When the help was given.")
    )
    # What the hand-over made, so a fresh invitation and the boundaries can find them.
    newcomer_group = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Who ran the hand-over form. Unlike "helper" above (which anyone keeping the log may
    # change), this cannot be edited, so it can decide who may re-issue the invitation.
    set_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_(
            "The helper who set this newcomer up: only they (or a site administrator) may send a fresh "
            "invitation."
        ),
    )
    newcomer_may_be_asked = models.BooleanField(
        _("they agreed to be asked how it went"),
        default=False,
        help_text=_(
            "Tick only if the person you helped said we may email them, a few weeks from now, to ask what "
            "they have done since. We use the email address of the account made for them. If not ticked "
            "(or they have no account), the email comes to you instead."
        ),
    )
    # The follow-up prompt (handover/follow_ups.py): claimed once by the scheduler, emailed once by
    # its task, answered once through the emailed link.
    follow_up_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_answered_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        MultiFieldPanel(
            [FieldPanel("helped_name"), FieldPanel("group_name"), FieldPanel("topics")],
            heading=_("Who you helped, with what"),
        ),
        MultiFieldPanel(
            [FieldPanel("surgery"), FieldPanel("helper"), FieldPanel("created_at")],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("link"), FieldPanel("publication"), FieldPanel("notes")], heading=_("What was made")
        ),
        MultiFieldPanel([FieldPanel("newcomer_may_be_asked")], heading=_("Asking how it went")),
        InlinePanel("follow_ups", heading=_("Follow-ups"), label=_("follow-up")),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("help log entry")
        verbose_name_plural = _("help log")
        permissions = [("view_impact", _("Can see the impact report of surgeries, with its downloads"))]

    def __str__(self):
        who = f"{self.helped_name} ({self.group_name})" if self.group_name else self.helped_name
        return f"{who}, {timezone.localtime(self.created_at):%-d %B %Y}"

    @property
    def topic_labels(self):
        return topic_labels(self.topics)

    def section(self):
        """The page whose Site the newcomer's links use: their publication, else the surgery (or None)."""
        return self.publication or self.surgery

    def since_summary(self):
        """'Set up at the March 2026 surgery; 6 issues since, the last on 3 May 2026; 12 subscribers'.

        Help given away from a surgery says the day instead: 'Set up on 4 March 2026; ...'.

        Reads the figures ``queries.with_since_figures`` annotates, so a listing costs one query.
        """
        set_up = bool(self.publication_id)
        if self.surgery_id and self.surgery:
            month = date_format(timezone.localtime(self.surgery.starts_at), "F Y")
            when = (
                gettext("Set up at the %(month)s surgery")
                if set_up
                else gettext("Helped at the %(month)s surgery")
            ) % {"month": month}
        else:
            day = date_format(timezone.localtime(self.created_at), "j F Y")
            when = (gettext("Set up on %(day)s") if set_up else gettext("Helped on %(day)s")) % {"day": day}
        if not self.publication_id or not hasattr(self, "posts_since"):
            return gettext("%(when)s; %(link)s") % {"when": when, "link": self.link} if self.link else when
        is_newsletter = getattr(self.publication, "kind", "") == "newsletter"
        count = self.posts_since
        if is_newsletter:
            since = ngettext("%(count)d issue since", "%(count)d issues since", count) % {"count": count}
        else:
            since = ngettext("%(count)d post since", "%(count)d posts since", count) % {"count": count}
        if self.last_post_date:
            since = gettext("%(since)s, the last on %(day)s") % {
                "since": since,
                "day": date_format(self.last_post_date, "j F Y"),
            }
        subscribers = self.subscriber_count
        return gettext("%(when)s; %(since)s; %(subscribers)s") % {
            "when": when,
            "since": since,
            "subscribers": ngettext("%(count)d subscriber", "%(count)d subscribers", subscribers)
            % {"count": subscribers},
        }


class FollowUp(Orderable):
    """What changed after the help: kept so impact can be reported, published only with consent."""

    help_record = ParentalKey(HelpRecord, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("When you checked in with them.")
    )
    what_changed = models.TextField(
        _("what changed"),
        help_text=_(
            "What they have done since, in their words if you can, e.g. 'Sent 3 issues to 40 homes'."
        ),
    )
    consent_to_publish = models.BooleanField(
        _("they agreed to it being shared"),
        default=False,
        help_text=_("Tick only if they said yes to this being shared in our reports and on the website."),
    )
    hide_story = models.BooleanField(
        _("hide from the What changed page"),
        default=False,
        help_text=_(
            "Tick to keep this off the public What changed page even though they agreed to share it, "
            "e.g. because it names someone or says more than they meant to."
        ),
    )
    answered_by = models.CharField(
        max_length=10,
        blank=True,
        default="",
        editable=False,
        choices=[
            ("", _("typed into the help log")),
            ("helper", _("the helper, through the emailed link")),
            ("newcomer", _("the person helped, through the emailed link")),
        ],
    )

    panels = [
        FieldPanel("date"),
        FieldPanel("what_changed"),
        FieldPanel("consent_to_publish"),
        FieldPanel("hide_story"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("follow-up")


def hash_token(token):
    """Only a hash is stored, so a copy of the database cannot be used to log in as a newcomer."""
    return hashlib.sha256(token.encode()).hexdigest()


class InviteQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())


class Invite(models.Model):
    """A single-use link that lets a newcomer choose their password and start publishing."""

    help_record = models.ForeignKey(HelpRecord, on_delete=models.CASCADE, related_name="invites")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The token is worked out from this nonce and the SECRET_KEY (like Django's password
    # reset links), so the email task and the helper's screen can show it again, yet a copy
    # of the database alone holds no working link. Only its hash is looked up.
    nonce = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.user} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("handover:invite", kwargs={"token": self.token})

    @classmethod
    def issue(cls, help_record, user, now=None):
        """A fresh invitation for ``user``; any older unused one stops working."""
        now = now or timezone.now()
        cls.objects.filter(user=user).usable(now).update(expires_at=now)
        invite = cls(help_record=help_record, user=user, created_at=now, expires_at=now + INVITE_LIFETIME)
        invite.nonce = secrets.token_urlsafe(32)
        invite.token_hash = hash_token(invite.token)
        invite.save()
        return invite

    @classmethod
    def find(cls, token):
        """The invitation a link's token belongs to, or None."""
        if not token or len(token) > 100:
            return None
        return (
            cls.objects.select_related("user", "help_record__helper")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def token(self):
        digest = salted_hmac("handover.Invite", f"{self.nonce}", algorithm="sha256").digest()
        return urlsafe_base64_encode(digest)

    @property
    def is_used(self):
        return self.used_at is not None

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())
