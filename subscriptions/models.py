"""Who gets a newsletter by email, and which issue reached whom.

``Subscriber`` is one address on one publication's list, with the record of
consent the law asks for (the wording shown, when, from which page).
``Delivery`` is one issue for one subscriber: the send engine works through
these rows, so a send can stop, crash or be repeated without anyone getting a
second copy (see ``subscriptions.delivery``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """One email address on one newsletter's list."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCING = "bouncing", _("Address not working")

    publication = models.ForeignKey(
        "newsletters.PublicationPage",
        verbose_name=_("newsletter"),
        on_delete=models.CASCADE,
        related_name="email_subscribers",
    )
    email = models.EmailField(_("email"), help_text="Where the newsletter is sent.")
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text="Optional. How the subscriber likes to be called."
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    consent_text = models.TextField(
        _("words they agreed to"), help_text="The exact words the person agreed to when signing up."
    )
    consented_at = models.DateTimeField(_("signed up"), help_text="When they signed up.")
    source = models.URLField(
        _("signed up on"), max_length=500, blank=True, help_text="The page the sign-up form was on."
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language they signed up in: every email they get is written in it.",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounce_count = models.PositiveIntegerField(
        _("issues refused in a row"),
        default=0,
        help_text="Issues in a row that the subscriber's mail server refused.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "email"], name="one_subscription_per_address"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="subscriber_status_created"),
            # Subscribers gained since a date, per publication (the impact report).
            models.Index(
                fields=["publication", "confirmed_at"],
                condition=models.Q(status="confirmed"),
                name="subscriber_confirmed_since",
            ),
        ]

    def __str__(self):
        return self.email


class DeliveryQuerySet(models.QuerySet):
    def counts(self):
        """{"queued": n, "sending": n, "sent": n, "failed": n, "skipped": n} in one query."""
        statuses = Delivery.Status.values
        totals = self.aggregate(**{status: Count("pk", filter=Q(status=status)) for status in statuses})
        return {status: totals[status] or 0 for status in statuses}


class Delivery(models.Model):
    """One issue on its way to one subscriber.

    ``claimed_until`` is the lease of the worker sending it and ``claim_token``
    says which worker holds it: a worker that dies leaves the row ``sending``
    with a lease that runs out, and then another worker takes it over; the
    first one, should it wake up, can no longer mark the row as its own.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be delivered")
        SKIPPED = "skipped", _("Not sent: unsubscribed meanwhile")

    post = models.ForeignKey(
        "newsletters.PostPage", on_delete=models.CASCADE, related_name="email_deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "subscriber"], name="one_delivery_per_issue_and_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["post", "status"], name="delivery_post_status")]

    def __str__(self):
        return f"{self.post_id} → {self.subscriber_id} ({self.status})"


class SendingWorker(models.Model):
    """A worker sending an issue right now, and when it last showed it was alive.

    Kept in the database because that is the one place every worker on every
    machine can see (the cache is per process without Redis). A worker writes
    its heartbeat between messages; when the heartbeat stops (the process was
    killed, the machine went away), the rows it had claimed are taken over by
    another worker within seconds instead of waiting for their lease to run out.
    """

    token = models.CharField(max_length=32, unique=True, help_text="The claim token on its deliveries.")
    post = models.ForeignKey("newsletters.PostPage", on_delete=models.CASCADE, related_name="sending_workers")
    name = models.CharField(max_length=200, blank=True, help_text="Machine and process id, for logs.")
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.name or self.token} (issue {self.post_id})"
