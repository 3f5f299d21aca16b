import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

# (command, seconds between runs). Each command is idempotent: running it
# more often than needed does no harm.
SCHEDULE = [
    ("publish_scheduled", 60),
    ("newsletter_housekeeping", 60),
    ("send_surgery_reminders", 60),
    ("delete_surgery_personal_data", 60 * 60),
]


class Command(BaseCommand):
    help = (
        "Run the site's regular jobs (publish scheduled pages, newsletter housekeeping, surgery "
        "reminders and digests, "
        "deleting old personal data) on their intervals. `make run` starts it; on a server run "
        "the same commands from cron or systemd timers instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once=False, **options):
        last_run = {}
        self.stdout.write("Scheduler: " + ", ".join(f"{name} every {every}s" for name, every in SCHEDULE))
        while True:
            now = time.monotonic()
            for name, every in SCHEDULE:
                if once or now - last_run.get(name, -every) >= every:
                    last_run[name] = now
                    try:
                        call_command(name, verbosity=0)
                    except Exception as error:  # one failing job must not stop the others
                        self.stderr.write(f"{name} failed: {error}")
            if once:
                return
            time.sleep(5)
