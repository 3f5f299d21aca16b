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


HELPER_SALT = "surgeries.network-helper-confirm"
# A registration nobody confirms within this time is not worth confirming: they register again.
HELPER_LINK_DAYS = 14


def network_helper_token(helper):
    """The token in the "confirm you will help" link: the registration's id, signed and dated."""
    return signing.TimestampSigner(salt=HELPER_SALT).sign(str(helper.pk))


def network_helper_id_from_link(value):
    """The registration's id; raises signing.BadSignature (or SignatureExpired) for a link we did not
    make or one older than HELPER_LINK_DAYS."""
    return int(signing.TimestampSigner(salt=HELPER_SALT).unsign(value, max_age=HELPER_LINK_DAYS * 86400))


HELPER_WITHDRAW_SALT = "surgeries.network-helper-withdraw"


def network_helper_withdraw_token(helper):
    """The token in the "withdraw my offer" link: the registration's id, signed. It does not run out:
    someone may want to stop helping long after they confirmed."""
    return signing.Signer(salt=HELPER_WITHDRAW_SALT).sign(str(helper.pk))


def network_helper_id_from_withdraw_link(value):
    """The registration's id; raises signing.BadSignature for a link we did not make."""
    return int(signing.Signer(salt=HELPER_WITHDRAW_SALT).unsign(value))
