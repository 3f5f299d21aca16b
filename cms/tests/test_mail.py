"""Email built from templates: subjects are mail headers, so they are plain text."""

from types import SimpleNamespace

from cms.mail import build_email


def test_subjects_are_plain_text_not_html_escaped():
    surgery = SimpleNamespace(title="Digbeth makers' surgery & <drop-in>")
    booking = SimpleNamespace(status="booked")
    message = build_email(
        "surgeries/email/booking_confirmation",
        {"surgery": surgery, "booking": booking},
        ["pat@example.org"],
    )
    assert message.subject == "Booked: Digbeth makers' surgery & <drop-in>"


def test_a_subject_with_a_translation_block_is_plain_text_too():
    publication = SimpleNamespace(title='Kids\' club "news"')
    message = build_email(
        "subscriptions/email/already_subscribed",
        {"publication": publication, "subscriber": None, "unsubscribe_url": "https://example.org/u"},
        ["pat@example.org"],
    )
    assert message.subject == 'You are already subscribed to Kids\' club "news"'
