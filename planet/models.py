"""Other websites' feeds shown on a place, and the items read from them.

A helper adds a feed (a group's own WordPress, a parish blog) to a place; it is read only
once someone with the approve permission has approved it. The fetcher keeps only what a
listing needs of each post: title, date, a short plain-text excerpt and the link to the
post on its own site. The full post is never copied.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExternalFeed(models.Model):
    """One outside feed (RSS or Atom) attached to a place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        PAUSED = "paused", _("Paused")

    class Failure(models.TextChoices):
        TIMEOUT = "timeout", _("The website took too long to answer")
        TOO_BIG = "too-big", _("The feed is bigger than the limit")
        NOT_A_FEED = "not-a-feed", _("The address does not give a readable RSS or Atom feed")
        HTTP_ERROR = "http-error", _("The website answered with an error")
        REDIRECTS = "redirects", _("Too many redirects, or a redirect to an address that is not allowed")
        REFUSED_ADDRESS = (
            "refused-address",
            _("The address is not allowed (not http/https, or a private network)"),
        )
        CONNECTION = "connection", _("The website could not be reached")

    place = models.ForeignKey(
        "home.PlacePage",
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        related_name="external_feeds",
        help_text=_("The place whose page lists this feed's posts (and every place above it)."),
    )
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        help_text=_(
            "The address of the blog's RSS or Atom feed, e.g. https://example.org/feed/. "
            "Most blogs show it as an orange feed icon or a 'Subscribe' link."
        ),
    )
    title = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("The blog's name as readers should see it. Leave empty to use the name the feed gives."),
    )
    site_link = models.URLField(
        _("website"),
        max_length=1000,
        blank=True,
        help_text=_("The blog's home page. Leave empty to use the one the feed gives."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    # What the feed's website said last time, sent back so an unchanged feed answers 304.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(
        _("last read without a problem"), null=True, blank=True, editable=False
    )
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    last_error_kind = models.CharField(
        _("last problem"), max_length=20, choices=Failure.choices, blank=True, editable=False
    )
    last_error = models.TextField(_("last problem in detail"), blank=True, editable=False)
    # When the helper who added the feed was told it keeps failing (once per failing spell).
    flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feed from elsewhere")
        verbose_name_plural = _("feeds from elsewhere")
        ordering = ["place__title", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "url"], name="planet_one_feed_per_place_and_url")
        ]
        permissions = [("approve_externalfeed", _("Can approve, pause and resume feeds from elsewhere"))]

    def __str__(self):
        return self.title or self.url

    @property
    def is_failing(self):
        return self.failing_since is not None


class ExternalItem(models.Model):
    """One post read from an outside feed: enough to list it and link to it, never the post itself."""

    feed = models.ForeignKey(ExternalFeed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=1000)
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=1000)
    published = models.DateTimeField(db_index=True)
    excerpt = models.TextField(blank=True, help_text="Plain text, at most a few sentences.")
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post from elsewhere")
        verbose_name_plural = _("posts from elsewhere")
        ordering = ["-published", "-pk"]
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="planet_one_item_per_guid")]

    def __str__(self):
        return self.title
