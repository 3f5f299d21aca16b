"""Cancel links: the booking's random token, signed, so a mistyped or made-up link is refused
before the database is asked and the random part cannot be guessed one booking at a time."""

from django.core import signing

SALT = "surgeries.booking-cancel"


def cancel_link_token(booking):
    return signing.Signer(salt=SALT).sign(booking.cancel_token)


def cancel_token_from_link(value):
    """The booking's stored token; raises signing.BadSignature for a link we did not make."""
    return signing.Signer(salt=SALT).unsign(value)
