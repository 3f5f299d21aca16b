from django.core.management.base import BaseCommand

from surgeries.bookings import release_expired_holds


class Command(BaseCommand):
    help = (
        "Give seats held for first-time bookers who did not confirm their email address in time to the "
        "next people on the waiting list. Safe to run every minute."
    )

    def handle(self, *args, **options):
        released = release_expired_holds()
        if options["verbosity"]:
            self.stdout.write(f"Released {released} unconfirmed seat(s).")
