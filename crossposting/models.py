from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Account(models.Model):
    """A publication's Mastodon or Bluesky account; the token or app password is kept encrypted."""

    class Service(models.TextChoices):
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"

    publication = models.ForeignKey(
        "newsletters.PublicationPage", on_delete=models.CASCADE, related_name="crosspost_accounts"
    )
    service = models.CharField(max_length=20, choices=Service.choices)
    # Mastodon: the instance (https://mastodon.social); Bluesky: the PDS (https://bsky.social).
    server = models.URLField(max_length=300)
    handle = models.CharField(max_length=300, blank=True)
    profile_url = models.URLField(max_length=500, blank=True)
    encrypted_secret = models.TextField(editable=False)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "service"], name="crossposting_one_account_per_service"
            )
        ]

    def __str__(self):
        return f"{self.get_service_display()} {self.handle}"


class Crosspost(models.Model):
    """One post (or live update) on one account: the only record, so a retry never posts twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("waiting")
        SENDING = "sending", gettext_lazy("sending")
        SENT = "sent", gettext_lazy("posted")
        RETRYING = "retrying", gettext_lazy("failed, will be tried again")
        FAILED = "failed", gettext_lazy("failed")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crossposts")
    post = models.ForeignKey("newsletters.PostPage", on_delete=models.CASCADE, related_name="+")
    # "post" for the post itself, "live-<id>" for one of its live updates.
    source = models.CharField(max_length=40, default="post")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "post", "source"], name="crossposting_once_per_account"
            )
        ]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.post_id}/{self.source} on {self.account_id}: {self.status}"
