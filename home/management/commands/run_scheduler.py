import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every minute, so pages with a 'go live' date appear on time. "
        "`make run` starts it; on a server use a cron job or systemd timer for publish_scheduled instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs (default 60).")

    def handle(self, *args, interval, **options):
        if interval < 1:
            self.stderr.write("--interval must be at least 1 second.")
            raise SystemExit(2)
        self.stdout.write(f"Publishing scheduled pages every {interval}s.")
        while True:
            call_command("publish_scheduled", verbosity=0)
            time.sleep(interval)
