from django.core.management.base import BaseCommand

from surgeries.schedule import queue_digests, queue_reminders


class Command(BaseCommand):
    help = (
        "Queue the day-before reminders that are due and, once a day after 08:00 UK time, each organiser's "
        "digest of new bookings. Safe to run every minute: nobody is emailed twice."
    )

    def handle(self, *args, **options):
        reminders = queue_reminders()
        digests = queue_digests()
        if options["verbosity"]:
            self.stdout.write(f"Queued {reminders} reminder(s) and {digests} organiser digest(s).")
