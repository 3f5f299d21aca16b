"""Signed links in emails: confirm a sign-up, leave a list.

A token is the subscriber's id signed with SECRET_KEY and a salt per purpose,
so it cannot be guessed or turned into a token for somebody else, and a
confirm token cannot be used to unsubscribe (or the other way round). Nothing
is stored: erasing a subscriber makes their tokens point at nothing.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from cms.sites import page_site_url

from .conf import pending_days

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


def confirm_token(subscriber):
    """Timestamped, so a confirmation link stops working when the sign-up would be deleted anyway."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))


def unsubscribe_token(subscriber):
    """Never expires: an unsubscribe link in a years-old issue must still work."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def subscriber_id_from_confirm_token(token):
    """The subscriber's id, or None for a tampered or expired token."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=pending_days() * 86400)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def subscriber_id_from_unsubscribe_token(token):
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def _absolute(view_name, token, language=None, site_url=None):
    # Links in email open in the subscriber's language (/ur/... for Urdu), the site's default without one,
    # on the host of the publication's own Site.
    with translation.override(language or settings.LANGUAGE_CODE):
        return (site_url or page_site_url(None)) + reverse(view_name, args=[token])


def confirm_url(subscriber):
    return _absolute(
        "subscriptions:confirm",
        confirm_token(subscriber),
        subscriber.language,
        page_site_url(subscriber.publication),
    )


def unsubscribe_url(subscriber):
    """The one-click address for List-Unsubscribe and the link at the foot of every issue."""
    return _absolute(
        "subscriptions:unsubscribe",
        unsubscribe_token(subscriber),
        subscriber.language,
        page_site_url(subscriber.publication),
    )


class UnsubscribeLinks:
    """Unsubscribe addresses for a whole send: the URL is resolved once, only the token changes.

    ``publication``: the newsletter being sent, whose Site's host the links use.
    """

    PLACEHOLDER = "TOKEN"

    def __init__(self, publication=None):
        self.site_url = page_site_url(publication)
        self.addresses = {}  # language: (prefix, suffix)

    def __call__(self, subscriber):
        if subscriber.language not in self.addresses:
            address = _absolute(
                "subscriptions:unsubscribe", self.PLACEHOLDER, subscriber.language, self.site_url
            )
            self.addresses[subscriber.language] = address.rsplit(self.PLACEHOLDER, 1)
        prefix, suffix = self.addresses[subscriber.language]
        return f"{prefix}{unsubscribe_token(subscriber)}{suffix}"
