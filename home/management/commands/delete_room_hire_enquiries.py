from django.core.management.base import BaseCommand

from home.enquiry_retention import delete_expired, expired_enquiries, keep_months


class Command(BaseCommand):
    help = (
        "Delete room-hire enquiries more than ROOM_HIRE_ENQUIRY_MONTHS months old (default 6), counted "
        "from the later of the day the room was wanted and the day the enquiry arrived."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many enquiries would be deleted."
        )

    def handle(self, *args, dry_run, **options):
        months = keep_months()
        if dry_run:
            count = expired_enquiries().count()
            self.stdout.write(f"{count} room-hire enquiry(ies) over {months} months old would be deleted.")
            return
        deleted = 0
        for deleted in delete_expired():
            if options["verbosity"] > 1:
                self.stdout.write(f"Deleted {deleted} so far...")
        self.stdout.write(f"Deleted {deleted} room-hire enquiry(ies) over {months} months old.")
