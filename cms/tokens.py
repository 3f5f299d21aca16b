"""Signed tokens for the links in emails (confirm, cancel, withdraw, unsubscribe, follow up).

Each kind of link is one ``SignedLink``: a value (an id, or a stored random token) signed with
SECRET_KEY and a salt of its own, so a token made for one kind of link never works for another,
and nothing needs storing to check it. A link that runs out is signed with Django's
``TimestampSigner`` and read with its lifetime in days; one that never runs out (unsubscribe,
cancel) with the plain ``Signer``. Either way a token is exactly what Django's signer makes, so
links already sent keep working.
"""

from datetime import timedelta

from django.core import signing


class SignedLink:
    """One kind of signed link.

    ``salt``: its own, never shared with another kind of link. ``days``: how long a link stays usable,
    a number or a function returning one (read when a token is checked, so a setting may change it);
    None for a link that never runs out.
    """

    def __init__(self, salt, days=None):
        self.salt = salt
        self.days = days

    @property
    def expires(self):
        return self.days is not None

    def lifetime(self):
        """How long a link stays usable (a timedelta), or None when it never runs out."""
        if not self.expires:
            return None
        return timedelta(days=self.days() if callable(self.days) else self.days)

    def signer(self):
        return signing.TimestampSigner(salt=self.salt) if self.expires else signing.Signer(salt=self.salt)

    def sign(self, value):
        return self.signer().sign(str(value))

    def unsign(self, token):
        """The signed value; raises signing.BadSignature for a link we did not make (its subclass
        signing.SignatureExpired for one older than its lifetime)."""
        if self.expires:
            return self.signer().unsign(token, max_age=self.lifetime())
        return self.signer().unsign(token)

    def read_id(self, token):
        """The id a token carries, or None for a tampered, expired or malformed one."""
        try:
            value = self.unsign(token)
        except signing.BadSignature:
            return None
        return int(value) if value.isdigit() else None
