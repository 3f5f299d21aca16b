"""200 people booking a 20-place surgery at the same moment, on PostgreSQL.

Creates a throwaway test database (test_<name>), builds one place and one surgery,
then books from many threads at once, each with its own database connection, through
the same code the booking form uses (row lock on the surgery, confirmation email
with its calendar file rendered into Django's in-memory mailbox). Prints the time
taken and the final counts, which must be exactly 20 booked and 180 waiting.

By default each confirmation email is built in the booking thread (the test settings'
immediate task backend), so the figure includes rendering 200 emails and calendar
files. With ``--queue-emails`` they are queued in the database for ``run_worker``
instead, as on a real site.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bookings_concurrency.py
"""

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--workers", type=int, default=50, help="threads (= connections) at once")
    parser.add_argument(
        "--queue-emails", action="store_true", help="queue emails in the database instead of sending inline"
    )
    return parser.parse_args()


import django  # noqa: E402
from django.conf import settings  # noqa: E402

if parse_args().queue_emails:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

CAPACITY = 20


def build_surgery():
    from wagtail.models import Locale, Page

    from home.models import HomePage, PlacePage
    from surgeries.models import SurgeryPage

    Locale.objects.get_or_create(language_code="en-gb")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench Town", slug="bench-town"))
    place = home.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    start = timezone.now() + timedelta(days=7)
    surgery = SurgeryPage(
        title="Busy surgery",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue_address="Kingstanding Library",
        attendee_capacity=CAPACITY,
    )
    place.add_child(instance=surgery)
    surgery.save_revision().publish()
    return surgery


def run(people, workers):
    from surgeries import bookings
    from surgeries.models import Booking

    surgery = build_surgery()
    ready = threading.Barrier(min(people, workers))

    def book(number):
        try:
            if number < workers:
                ready.wait(timeout=60)  # the first wave starts together
            started = time.perf_counter()
            bookings.book(
                surgery.pk,
                "attend",
                {
                    "name": f"Resident {number}",
                    "email": f"resident{number}@example.com",
                    "organisation_name": "",
                    "organisation_kind": "individual",
                    "topics": ["blog"],
                    "other_topic": "",
                },
            )
            return time.perf_counter() - started
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        latencies = sorted(pool.map(book, range(people)))
    elapsed = time.perf_counter() - started
    counts = dict(
        Booking.objects.filter(surgery=surgery).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return elapsed, latencies, counts


def main():
    args = parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")

    print(f"Creating a throwaway database and migrating (test_{connection.settings_dict['NAME']})...")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        emails = "queued for the worker" if args.queue_emails else "sent inline"
        print(
            f"Booking {args.people} people into a {CAPACITY}-place surgery with {args.workers} threads "
            f"(emails {emails})..."
        )
        elapsed, latencies, counts = run(args.people, args.workers)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    booked, waiting = counts.get("booked", 0), counts.get("waitlisted", 0)
    print(f"Time: {elapsed:.2f}s for {args.people} bookings ({args.people / elapsed:.0f} bookings/s)")
    print(
        f"Per booking: median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
        f"95th percentile {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )
    print(f"Final counts: {booked} booked, {waiting} waiting list, {sum(counts.values())} in all")
    expected = (CAPACITY, args.people - CAPACITY)
    print(
        "OK"
        if (booked, waiting) == expected
        else f"WRONG: expected {expected[0]} booked, {expected[1]} waiting"
    )
    return 0 if (booked, waiting) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
