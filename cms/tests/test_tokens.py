"""The one signer behind every emailed link: links already sent keep working, each kind only for itself."""

from datetime import timedelta

from django.core import signing
from django.utils import timezone

import pytest
from freezegun import freeze_time

from cms.tokens import SignedLink
from handover import follow_ups
from subscriptions import tokens as subscription_tokens
from surgeries import tokens as surgery_tokens

# Every kind of emailed link: (its SignedLink, its salt as the emails already sent used it, the days
# it lasted then or None for a link that never ran out).
LINKS = {
    "booking cancel": (surgery_tokens.CANCEL_LINK, "surgeries.booking-cancel", None),
    "booking confirm": (surgery_tokens.CONFIRM_LINK, "surgeries.booking-confirm", None),
    "network helper confirm": (surgery_tokens.HELPER_LINK, "surgeries.network-helper-confirm", 14),
    "network helper withdraw": (
        surgery_tokens.HELPER_WITHDRAW_LINK,
        "surgeries.network-helper-withdraw",
        None,
    ),
    "newsletter confirm": (subscription_tokens.CONFIRM_LINK, "subscriptions.confirm", 7),
    "newsletter unsubscribe": (subscription_tokens.UNSUBSCRIBE_LINK, "subscriptions.unsubscribe", None),
    "follow-up": (follow_ups.FOLLOW_UP_LINK, "handover.follow_up", 30),
}


def sent_before(salt, days, value):
    """A token made the way the emails already sent made it: Django's signer with the link's salt."""
    signer = signing.Signer(salt=salt) if days is None else signing.TimestampSigner(salt=salt)
    return signer.sign(value)


@pytest.fixture(autouse=True)
def link_lifetimes(settings):
    settings.NEWSLETTER_PENDING_DAYS = 7
    settings.FOLLOW_UP_LINK_DAYS = 30


@pytest.mark.parametrize("kind", LINKS)
def test_a_link_in_an_email_already_sent_still_works_and_new_links_look_the_same(kind):
    link, salt, days = LINKS[kind]
    with freeze_time(timezone.now()):
        old = sent_before(salt, days, "42")
        assert link.sign(42) == old
    assert link.unsign(old) == "42"
    assert link.read_id(old) == 42


@pytest.mark.parametrize("kind", LINKS)
def test_a_link_works_for_its_own_kind_only(kind):
    link, _salt, _days = LINKS[kind]
    token = link.sign(42)
    for other, (other_link, _other_salt, _other_days) in LINKS.items():
        if other != kind:
            assert other_link.read_id(token) is None
            with pytest.raises(signing.BadSignature):
                other_link.unsign(token)


@pytest.mark.parametrize("kind", LINKS)
def test_a_tampered_link_is_refused(kind):
    link, _salt, _days = LINKS[kind]
    token = link.sign(42)
    tampered = token.replace("42", "43", 1)
    assert link.read_id(tampered) is None
    with pytest.raises(signing.BadSignature):
        link.unsign(tampered)


@pytest.mark.parametrize("kind", [kind for kind, (_link, _salt, days) in LINKS.items() if days])
def test_a_dated_link_runs_out_after_its_days_and_not_before(kind):
    link, salt, days = LINKS[kind]
    with freeze_time(timezone.now() - timedelta(days=days) + timedelta(hours=1)):
        fresh = sent_before(salt, days, "42")
    with freeze_time(timezone.now() - timedelta(days=days) - timedelta(hours=1)):
        stale = sent_before(salt, days, "42")
    assert link.read_id(fresh) == 42
    assert link.read_id(stale) is None
    with pytest.raises(signing.SignatureExpired):
        link.unsign(stale)


@pytest.mark.parametrize("kind", [kind for kind, (_link, _salt, days) in LINKS.items() if days is None])
def test_an_undated_link_never_runs_out(kind):
    link, salt, days = LINKS[kind]
    with freeze_time(timezone.now() - timedelta(days=3650)):
        years_old = sent_before(salt, days, "42")
    assert link.read_id(years_old) == 42


def test_a_lifetime_from_a_setting_is_read_when_the_link_is_checked(settings):
    link = SignedLink("cms.tests.tokens", days=lambda: settings.NEWSLETTER_PENDING_DAYS)
    with freeze_time(timezone.now() - timedelta(days=10)):
        token = link.sign(42)
    assert link.read_id(token) is None
    settings.NEWSLETTER_PENDING_DAYS = 11
    assert link.read_id(token) == 42


def test_a_value_that_is_not_an_id_is_refused_by_read_id():
    link = SignedLink("cms.tests.tokens")
    assert link.read_id(link.sign("42:helper")) is None
    assert link.unsign(link.sign("42:helper")) == "42:helper"
