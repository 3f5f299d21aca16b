from django.core.management.base import BaseCommand

from surgeries.personal_data import delete_expired, expired_bookings, keep_months


class Command(BaseCommand):
    help = (
        "Delete the names, email addresses and notes of people who booked surgeries that ended more than "
        "SURGERY_PERSONAL_DATA_MONTHS months ago (default 6). The bookings stay, so the counts remain."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many bookings would be cleared."
        )

    def handle(self, *args, dry_run, **options):
        months = keep_months()
        if dry_run:
            count = expired_bookings().count()
            self.stdout.write(f"{count} booking(s) from surgeries over {months} months ago would be cleared.")
            return
        count = delete_expired()
        self.stdout.write(f"Cleared personal details from {count} booking(s) over {months} months old.")
