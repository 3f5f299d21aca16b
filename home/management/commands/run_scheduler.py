from time import monotonic, sleep

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from cms import workers

# (command, seconds between runs). Each command is idempotent: running it
# more often than needed does no harm.
SCHEDULE = [
    ("publish_scheduled", 60),
    ("newsletter_housekeeping", 60),
    ("crossposting_housekeeping", 60),
    ("send_surgery_reminders", 60),
    ("release_unconfirmed_seats", 60),
    ("send_place_digests", 5 * 60),
    ("fetch_planet_feeds", 5 * 60),
    ("send_follow_up_prompts", 60 * 60),
    ("delete_surgery_personal_data", 60 * 60),
    ("delete_room_hire_enquiries", 60 * 60),
    ("delete_old_task_results", 60 * 60),
]


class Command(BaseCommand):
    help = (
        "Run the site's regular jobs (publish scheduled pages, newsletter and crossposting "
        "housekeeping, surgery reminders and digests, place digests, follow-up emails, "
        "deleting old personal data) on their intervals. `make run` starts it; on a server run "
        "the same commands from cron or systemd timers instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            help="Run every job this often (seconds) instead of on its own interval; for testing.",
        )

    def handle(self, *args, once=False, every=None, **options):
        schedule = [(name, every if every is not None else interval) for name, interval in SCHEDULE]
        heartbeat = f"scheduler:{workers.process_id()}"
        beat_every = workers.beat_every()
        due = {}  # job name: when (monotonic) it next runs; every job runs at start
        next_beat = float("-inf")
        failures = 0
        self.stdout.write("Scheduler: " + ", ".join(f"{name} every {secs:g}s" for name, secs in schedule))
        try:
            while True:
                for name, interval in schedule:
                    if once or monotonic() >= due.get(name, float("-inf")):
                        due[name] = monotonic() + interval
                        if not self.run_job(name):
                            failures += 1
                if monotonic() >= next_beat:
                    state = f"{failures} failed job runs since start" if failures else "ok"
                    workers.beat(heartbeat, state=state, every=0)
                    next_beat = monotonic() + beat_every
                if once:
                    return
                # Asleep until the next job or heartbeat is due: an idle scheduler
                # touches the database twice a minute, not on a fixed tick.
                sleep(max(0.0, min(*due.values(), next_beat) - monotonic()))
        finally:
            workers.forget(heartbeat)

    def run_job(self, name):
        """Run one job; after a lost database connection, wait for it and try the job again."""
        for _attempt in range(2):
            # A connection the server closed (restart, failover) is dropped here, not reused.
            # Inside a transaction (a test runs in one) nothing is stale, and closing would end it.
            if not connection.in_atomic_block:
                close_old_connections()
            try:
                call_command(name, verbosity=0)
                return True
            except workers.DATABASE_GONE as error:
                self.stderr.write(f"{timezone.now():%H:%M:%S} {name} lost the database connection: {error}")
                workers.wait_for_database(who="Scheduler")
            except Exception as error:  # one failing job must not stop the others
                self.stderr.write(f"{timezone.now():%H:%M:%S} {name} failed: {error}")
                workers.close_broken_connections()
                return False
        return False
