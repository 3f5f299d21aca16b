"""Publications as ActivityPub actors: their signing keys, their followers and what they have sent.

A Mastodon (or any fediverse) account follows a publication by sending a signed ``Follow``
to its inbox; from then on each post published there is delivered to the follower's inbox.
"""

from django.db import models
from django.utils.translation import gettext_lazy


class Actor(models.Model):
    """The fediverse identity of one page that has posts (a publication, a place's news): its RSA
    key pair, made once and kept. Which pages may be actors is up to ``fediverse.actors``.

    The private key signs what the publication sends; it is stored encrypted (``fediverse.vault``)
    and never shown anywhere, not even in the admin. The public key is in the actor document for
    other servers to check with.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="fediverse_actor")
    encrypted_private_key = models.TextField(editable=False)
    public_key_pem = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Actor for page {self.page_id}"


class Follower(models.Model):
    """A fediverse account that follows a publication, and where to deliver its posts."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="followers")
    account = models.URLField(gettext_lazy("account"), max_length=500)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    # Deliveries to this inbox that failed one after another; reset by one that works.
    failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "account"], name="fediverse_one_follow")]

    def __str__(self):
        return self.account

    @property
    def delivery_inbox(self):
        """Where posts go: the server's shared inbox when it has one (one copy per server)."""
        return self.shared_inbox or self.inbox


class SentPost(models.Model):
    """A post followers have been sent, so a later publish is an ``Update`` and unpublishing a ``Delete``.

    Keeps the post's address (the object's id) so a ``Delete`` can still name a deleted page.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="sent_posts")
    post_id = models.PositiveBigIntegerField()
    object_id = models.URLField(max_length=500)
    sent_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One post goes out from its publication and from each place above it that is followed.
        constraints = [models.UniqueConstraint(fields=["actor", "post_id"], name="fediverse_sent_once")]

    def __str__(self):
        return self.object_id
