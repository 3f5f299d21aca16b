"""Cancel links: the booking's random token, signed, so a mistyped or made-up link is refused
before the database is asked and the random part cannot be guessed one booking at a time."""

from django.core import signing

SALT = "surgeries.booking-cancel"


def cancel_link_token(booking):
    return signing.Signer(salt=SALT).sign(booking.cancel_token)


def cancel_token_from_link(value):
    """The booking's stored token; raises signing.BadSignature for a link we did not make."""
    return signing.Signer(salt=SALT).unsign(value)


CONFIRM_SALT = "surgeries.booking-confirm"


def confirm_link_token(booking):
    """The token in the "confirm your place" link: the booking's id, signed."""
    return signing.Signer(salt=CONFIRM_SALT).sign(str(booking.pk))


def booking_id_from_confirm_link(value):
    """The booking id; raises signing.BadSignature for a link we did not make."""
    return int(signing.Signer(salt=CONFIRM_SALT).unsign(value))
