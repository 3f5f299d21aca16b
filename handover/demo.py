"""Demo help-log entries and a set-up newcomer (see home.demo.DemoTown)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import FollowUp, HelpRecord
from .permissions import helpers_group
from .setup import Newcomer, set_up_newcomer

# (who was helped, their group, topics, link, notes, follow-up or None)
HELP_WITHOUT_ACCOUNTS = [
    (
        "Ravi Patel",
        "Elm Road Allotment Society",
        ["facebook"],
        "https://www.facebook.com/elmroadallotments",
        "Set up a Facebook page and showed how to schedule posts.",
        ("Forty people follow the page; the seed swap was full.", True),
    ),
    (
        "Grace Okafor",
        "Wednesfield Canal Walkers",
        ["safety", "other"],
        "",
        "Two-step sign-in on the group's email, and how to spot phishing messages.",
        None,
    ),
]


def demo_helper():
    """A volunteer in the "Surgery helpers" group, with no password: the demo logs in as admin."""
    user, created = get_user_model().objects.get_or_create(
        username="jo-helper",
        defaults={"first_name": "Jo", "last_name": "Bennett", "email": "jo@patchwork.example"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(helpers_group())
    return user


def past_surgeries():
    from surgeries.models import SurgeryPage

    return list(SurgeryPage.objects.filter(ends_at__lt=timezone.now()).order_by("-starts_at"))


def build(town, log):
    """Help records from past surgeries, one with a newcomer's publication."""
    helper = demo_helper()
    surgeries = past_surgeries()
    latest = surgeries[0] if surgeries else None
    earliest = surgeries[-1] if surgeries else None

    place = latest.get_parent() if latest else next(iter(town.places.values()), None)
    if place is not None:
        record = set_up_newcomer(
            Newcomer(
                name="Amina Hussain",
                group_name="Handsworth Tenants' Association",
                kind="blog",
                place=town.places.get("Handsworth", place),
                surgery=latest,
                topics=("blog", "safety"),
            ),
            helper,
        )
        record.notes = "Wants to learn about adding photos next time."
        record.save(update_fields=["notes"])
        log(f"  Amina Hussain set up with {record.publication.title} (a starter draft to finish)")

    watch = town.publications.get("Kingstanding Neighbourhood Watch")
    if watch is not None:
        record = HelpRecord.objects.create(
            surgery=earliest,
            helper=helper,
            helped_name="Maureen Lewis",
            group_name=watch.title,
            topics=["newsletter"],
            publication=watch,
            created_at=earliest.starts_at if earliest else timezone.now() - timedelta(days=400),
            notes="Moved the Watch's paper newsletter online.",
        )
        FollowUp.objects.create(
            help_record=record,
            date=timezone.localdate() - timedelta(days=30),
            what_changed="Sends every issue by email now, and prints 30 copies for neighbours without email.",
            consent_to_publish=True,
        )

    for name, group, topics, link, notes, follow_up in HELP_WITHOUT_ACCOUNTS:
        record = HelpRecord.objects.create(
            surgery=latest,
            helper=helper,
            helped_name=name,
            group_name=group,
            topics=topics,
            link=link,
            notes=notes,
            created_at=latest.starts_at if latest else timezone.now(),
        )
        if follow_up:
            FollowUp.objects.create(
                help_record=record, what_changed=follow_up[0], consent_to_publish=follow_up[1]
            )
    log(f"  {HelpRecord.objects.count()} help-log entries by {helper.get_full_name()}")
