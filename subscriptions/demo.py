"""Demo subscribers for the demo newsletters (see home.demo.DemoTown)."""

import datetime

from django.utils import timezone

from .models import Subscriber
from .signup import consent_text

CONFIRMED = ["maureen.lewis", "dev.patel", "grace.okafor", "tom.hughes", "amira.hassan", "jan.kowalski"]
PENDING = ["sam.reid", "lena.nowak"]
UNSUBSCRIBED = ["colin.baker"]


def watch_newsletter(town):
    """The Neighbourhood Watch newsletter if there is one, else any demo newsletter, else None."""
    newsletters = [page for page in town.publications.values() if getattr(page, "kind", "") == "newsletter"]
    for page in newsletters:
        if "Neighbourhood Watch" in page.title:
            return page
    return newsletters[0] if newsletters else None


def build(town, log):
    """Confirmed, pending and unsubscribed subscribers for the demo Neighbourhood Watch newsletter."""
    publication = watch_newsletter(town)
    if publication is None:
        log("  No demo newsletter to subscribe to: no subscribers added.")
        return
    now = timezone.now()
    source = publication.get_full_url() or ""
    wording = consent_text(publication)

    def subscriber(name, status, days_ago, **extra):
        signed_up = now - datetime.timedelta(days=days_ago)
        return Subscriber(
            publication=publication,
            email=f"{name}@example.org",
            name=name.split(".")[0].title(),
            status=status,
            consent_text=wording,
            consented_at=signed_up,
            source=source,
            **extra,
        )

    rows = [
        subscriber(
            name, Subscriber.Status.CONFIRMED, 40 + index, confirmed_at=now - datetime.timedelta(days=39)
        )
        for index, name in enumerate(CONFIRMED)
    ]
    rows += [subscriber(name, Subscriber.Status.PENDING, 1) for name in PENDING]
    rows += [
        subscriber(
            name, Subscriber.Status.UNSUBSCRIBED, 90, unsubscribed_at=now - datetime.timedelta(days=10)
        )
        for name in UNSUBSCRIBED
    ]
    Subscriber.objects.bulk_create(rows)
    log(f"  {len(rows)} subscribers on {publication.title} ({len(CONFIRMED)} confirmed).")
