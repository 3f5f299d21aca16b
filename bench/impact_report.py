"""Queries and milliseconds of the admin's impact report on a big network.

Builds, in a throwaway test database: 50 places (5 towns of 9 neighbourhoods), 2,000 surgeries
that have happened, 100,000 bookings, 20,000 help-log entries with follow-ups, a publication
per place with posts, and subscribers. Then asks for the report (the whole network, one town,
one town in one year, one surgery, one neighbourhood) 15 times each and prints the queries and
the fastest, median (p50) and 95th-percentile time of each, with the machine's cores, CPU and
load average. The query count should be the same for every filter.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/impact_report.py

``--keep`` keeps the built network (test_<database>) for the next run, ``--runs`` sets the
requests per filter; ``--help`` lists them without building anything.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # --help answers before Django starts and the network is built
    ARGUMENTS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ARGUMENTS.add_argument(
        "--keep", action="store_true", help="keep the built network (test_<database>) and reuse it next time"
    )
    ARGUMENTS.add_argument("--runs", type=int, default=15, help="requests per filter (default 15)")
    OPTIONS = ARGUMENTS.parse_args()

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TOWNS, NEIGHBOURHOODS = 5, 9
SURGERIES, BOOKINGS, HELP_RECORDS = 2_000, 100_000, 20_000
POSTS_PER_PUBLICATION, SUBSCRIBERS = 2, 10_000


def build():

    from wagtail.models import Page

    from home.models import HomePage, PlacePage
    from surgeries.models import SurgeryPage

    random.seed(13)
    started = time.monotonic()
    if SurgeryPage.objects.count() >= SURGERIES:  # --keep: the pages are there from an earlier run
        places = list(PlacePage.objects.order_by("path"))
        surgeries = list(SurgeryPage.objects.order_by("starts_at"))
        return places, surgeries, build_rows(places, surgeries, started)
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Big Town", slug="big-town"))
    places = []
    for town in range(TOWNS):
        parent = home.add_child(instance=PlacePage(title=f"Town {town}", slug=f"town-{town}"))
        places.append(parent)
        for number in range(NEIGHBOURHOODS):
            places.append(
                parent.add_child(instance=PlacePage(title=f"Area {town}.{number}", slug=f"area-{number}"))
            )
    print(f"{len(places)} places", flush=True)

    first_day = timezone.localdate() - datetime.timedelta(days=3 * 365)
    surgeries = []
    for number in range(SURGERIES):
        place = places[number % len(places)]
        starts = timezone.make_aware(
            datetime.datetime.combine(
                first_day + datetime.timedelta(days=number * 1085 // SURGERIES), datetime.time(10)
            )
        )
        surgeries.append(
            place.add_child(
                instance=SurgeryPage(
                    title=f"Surgery {number}",
                    slug=f"surgery-{number}",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2 + number % 2),
                )
            )
        )
    print(f"{len(surgeries)} surgeries ({time.monotonic() - started:.0f} s)", flush=True)
    return places, surgeries, build_rows(places, surgeries, started)


def build_rows(places, surgeries, started):
    from django.contrib.auth import get_user_model

    from handover.models import FollowUp, HelpRecord
    from newsletters.models import PostPage, PublicationPage
    from subscriptions.models import Subscriber
    from surgeries.models import Booking, BookingStatus, Role

    if Booking.objects.count() >= BOOKINGS:  # --keep: built by an earlier run
        print(f"kept from an earlier run ({time.monotonic() - started:.0f} s)", flush=True)
        return

    first_day = min(surgery.starts_at for surgery in surgeries).date()
    publications = []
    posts = 0
    for number, place in enumerate(places):
        existing = PublicationPage.objects.child_of(place).first()
        if existing:
            publications.append(existing)
            continue
        publication = place.add_child(
            instance=PublicationPage(title=f"News {number}", slug=f"news-{number}", kind="newsletter")
        )
        publications.append(publication)
        for post_number in range(POSTS_PER_PUBLICATION):
            day = first_day + datetime.timedelta(days=post_number * 55)
            publication.add_child(
                instance=PostPage(title=f"Issue {post_number}", slug=f"issue-{post_number}", date=day)
            )
            posts += 1
    print(f"{len(publications)} publications, {posts} posts ({time.monotonic() - started:.0f} s)", flush=True)

    statuses = [BookingStatus.ATTENDED] * 6 + [
        BookingStatus.NO_SHOW,
        BookingStatus.CANCELLED,
        BookingStatus.BOOKED,
    ]
    Booking.objects.bulk_create(
        (
            Booking(
                surgery=surgeries[number % SURGERIES],
                role=Role.HELP if number % 10 == 0 else Role.ATTEND,
                name=f"Person {number}",
                email=f"person{number}@example.org",
                status=random.choice(statuses),
                is_walk_in=number % 17 == 0,
            )
            for number in range(BOOKINGS)
        ),
        batch_size=5_000,
    )
    helper = get_user_model().objects.create_user("helper")
    topics = ["blog", "facebook", "newsletter", "safety", "website", "x"]
    records = HelpRecord.objects.bulk_create(
        (
            HelpRecord(
                surgery=surgeries[number % SURGERIES],
                helper=helper,
                helped_name=f"Someone {number}",
                topics=random.sample(topics, 2),
                publication=publications[number % len(publications)] if number % 40 == 0 else None,
                created_at=surgeries[number % SURGERIES].starts_at,
            )
            for number in range(HELP_RECORDS)
        ),
        batch_size=5_000,
    )
    FollowUp.objects.bulk_create(
        FollowUp(help_record=record, what_changed="Posted twice since.") for record in records[::4]
    )
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                publication=publications[number % len(publications)],
                email=f"reader{number}@example.org",
                status=Subscriber.Status.CONFIRMED,
                consent_text="Send me this newsletter.",
                consented_at=now,
                confirmed_at=now - datetime.timedelta(days=number % 1000),
            )
            for number in range(SUBSCRIBERS)
        ),
        batch_size=5_000,
    )
    if connection.vendor == "postgresql":
        # As autovacuum leaves a table that has settled: statistics, and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)


def machine():
    """Cores, CPU model and load average, printed beside the figures (the load moves them most)."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), load average {load}"


def cpu_ms(backend_pid):
    """CPU time so far of this process and of its PostgreSQL backend, in ms: on a shared machine the
    wall-clock figures stretch with the load, the CPU a request costs much less."""
    ticks = os.sysconf("SC_CLK_TCK")
    own = os.times()
    used = own.user + own.system
    stat = Path(f"/proc/{backend_pid}/stat")
    if stat.exists():  # PostgreSQL on this machine
        fields = stat.read_text().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / ticks
    return used * 1000


def measure(client, label, params):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
        backend_pid = cursor.fetchone()[0]
    times, cpu = [], []
    for _ in range(OPTIONS.runs):
        with CaptureQueriesContext(connection) as captured:
            cpu_before = cpu_ms(backend_pid)
            started = time.perf_counter()
            response = client.get("/admin/impact/", params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append(cpu_ms(backend_pid) - cpu_before)
        assert response.status_code == 200, response.status_code
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    print(
        f"{label:<32}{len(captured):>9}{min(times):>10.0f}{p50:>10.0f}{p95:>10.0f}{statistics.median(cpu):>12.0f}",
        flush=True,
    )


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    # Building 3,000 pages with the search and reference index updated in-line takes an
    # hour; the report does not read either, so their tasks are dropped here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    keep = OPTIONS.keep  # keep the built network for the next run (building takes a while)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=not keep, keepdb=keep)
    try:
        from django.contrib.auth import get_user_model

        places, surgeries, _ = build()
        organiser = get_user_model().objects.filter(username="organiser").first()
        organiser = organiser or get_user_model().objects.create_superuser("organiser")
        client = Client()
        client.force_login(organiser)
        client.get("/admin/impact/")  # warm the per-process caches
        year = timezone.localdate().year - 1
        columns = f"{'queries':>9}{'min ms':>10}{'p50 ms':>10}{'p95 ms':>10}{'CPU p50 ms':>12}"
        print(f"\n{machine()}\n{'report':<32}{columns}")
        measure(client, "whole network", {})
        measure(client, "one town (10 places)", {"place": places[0].pk})
        measure(
            client,
            f"one town in {year}",
            {"place": places[0].pk, "start": f"{year}-01-01", "end": f"{year}-12-31"},
        )
        measure(client, "one surgery", {"surgery": surgeries[100].pk})
        measure(client, "one neighbourhood", {"place": places[1].pk})
        print(machine(), flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
