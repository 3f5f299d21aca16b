"""Signed links in emails: confirm a sign-up, leave a list.

A token is the subscriber's id signed with SECRET_KEY and a salt per purpose,
so it cannot be guessed or turned into a token for somebody else, and a
confirm token cannot be used to unsubscribe (or the other way round). Nothing
is stored: erasing a subscriber makes their tokens point at nothing.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.sites import page_site_url
from cms.tokens import SignedLink

from .conf import pending_days

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"

# Timestamped, so a confirmation link stops working when the sign-up would be deleted anyway.
CONFIRM_LINK = SignedLink(CONFIRM_SALT, days=pending_days)
# Never expires: an unsubscribe link in a years-old issue must still work.
UNSUBSCRIBE_LINK = SignedLink(UNSUBSCRIBE_SALT)


def confirm_token(subscriber):
    return CONFIRM_LINK.sign(subscriber.pk)


def unsubscribe_token(subscriber):
    return UNSUBSCRIBE_LINK.sign(subscriber.pk)


def subscriber_id_from_confirm_token(token):
    """The subscriber's id, or None for a tampered or expired token."""
    return CONFIRM_LINK.read_id(token)


def subscriber_id_from_unsubscribe_token(token):
    return UNSUBSCRIBE_LINK.read_id(token)


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
