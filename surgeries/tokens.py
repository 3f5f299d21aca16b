"""The signed links in booking and network-helper emails (cms.tokens.SignedLink, one salt each).

Cancel links sign the booking's random token, so a mistyped or made-up link is refused before the
database is asked and the random part cannot be guessed one booking at a time.
"""

from cms.tokens import SignedLink

SALT = "surgeries.booking-cancel"
CONFIRM_SALT = "surgeries.booking-confirm"
HELPER_SALT = "surgeries.network-helper-confirm"
HELPER_WITHDRAW_SALT = "surgeries.network-helper-withdraw"
# A registration nobody confirms within this time is not worth confirming: they register again.
HELPER_LINK_DAYS = 14

CANCEL_LINK = SignedLink(SALT)
CONFIRM_LINK = SignedLink(CONFIRM_SALT)
HELPER_LINK = SignedLink(HELPER_SALT, days=HELPER_LINK_DAYS)
# It does not run out: someone may want to stop helping long after they confirmed.
HELPER_WITHDRAW_LINK = SignedLink(HELPER_WITHDRAW_SALT)


def cancel_link_token(booking):
    return CANCEL_LINK.sign(booking.cancel_token)


def cancel_token_from_link(value):
    """The booking's stored token; raises signing.BadSignature for a link we did not make."""
    return CANCEL_LINK.unsign(value)


def confirm_link_token(booking):
    """The token in the "confirm your place" link: the booking's id, signed."""
    return CONFIRM_LINK.sign(booking.pk)


def booking_id_from_confirm_link(value):
    """The booking id; raises signing.BadSignature for a link we did not make."""
    return int(CONFIRM_LINK.unsign(value))


def network_helper_token(helper):
    """The token in the "confirm you will help" link: the registration's id, signed and dated."""
    return HELPER_LINK.sign(helper.pk)


def network_helper_id_from_link(value):
    """The registration's id; raises signing.BadSignature (or SignatureExpired) for a link we did not
    make or one older than HELPER_LINK_DAYS."""
    return int(HELPER_LINK.unsign(value))


def network_helper_withdraw_token(helper):
    """The token in the "withdraw my offer" link: the registration's id, signed."""
    return HELPER_WITHDRAW_LINK.sign(helper.pk)


def network_helper_id_from_withdraw_link(value):
    """The registration's id; raises signing.BadSignature for a link we did not make."""
    return int(HELPER_WITHDRAW_LINK.unsign(value))
