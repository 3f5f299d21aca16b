"""Signing up, confirming and leaving: the rules, apart from the views that call them."""

import datetime

from django.db import transaction
from django.utils import timezone

from .conf import pending_days
from .models import Delivery, Subscriber

CONSENT_WORDING = (
    "Email me each new issue of {title}. I can unsubscribe at any time with the link in every email."
)


def consent_text(publication):
    """The wording next to the sign-up button; stored word for word as the record of consent."""
    return CONSENT_WORDING.format(title=publication.title)


def normalise_email(email):
    """One address, one row: ``Pat@Example.org`` and ``pat@example.org`` are the same person."""
    return email.strip().lower()


def sign_up(publication, email, *, name="", source="", language=None):
    """Record a sign-up and queue the email that goes with it; returns the Subscriber.

    Whatever the address's state, the caller shows the same "check your inbox"
    page, so nobody learns who is on a list. A new, pending, unsubscribed or
    bouncing address gets a confirmation link (double opt-in: nothing is sent
    until its owner confirms); an address that is already confirmed gets a
    short "you are already subscribed" note instead of a second confirmation.
    ``language``: the one the form was read in (the publication's own if None);
    every email to the subscriber is written in it.
    """
    from .tasks import send_signup_email

    now = timezone.now()
    consent = {
        "consent_text": consent_text(publication),
        "consented_at": now,
        "source": source,
        "language": language or publication.locale.language_code,
    }
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            publication=publication,
            email=normalise_email(email),
            defaults={"name": name, "status": Subscriber.Status.PENDING, **consent},
        )
        if not created and subscriber.status != Subscriber.Status.CONFIRMED:
            for field, value in consent.items():
                setattr(subscriber, field, value)
            subscriber.name = name or subscriber.name
            subscriber.status = Subscriber.Status.PENDING
            subscriber.bounce_count = 0
            subscriber.save()
        transaction.on_commit(lambda: send_signup_email.enqueue(subscriber.pk))
    return subscriber


def confirm(subscriber):
    """Confirm a pending sign-up; True when the subscriber is (now) confirmed."""
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return True
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    return bool(updated)


def unsubscribe(subscriber):
    """Take the address off the list at once, and cancel issues still queued for it."""
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
        )
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SKIPPED, last_error="Unsubscribed before it was sent."
        )


def delete_stale_signups(now=None):
    """Delete sign-ups never confirmed within the allowed days; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=pending_days())
    deleted, _ = Subscriber.objects.filter(status=Subscriber.Status.PENDING, consented_at__lt=cutoff).delete()
    return deleted


def erase(subscriber):
    """Forget a subscriber completely: the row, the consent record and every delivery."""
    with transaction.atomic():
        Delivery.objects.filter(subscriber=subscriber).delete()
        subscriber.delete()
