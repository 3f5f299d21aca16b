from django.core.management.base import BaseCommand

from handover.follow_ups import queue_follow_up_prompts


class Command(BaseCommand):
    help = (
        "Queue the follow-up emails that are due: FOLLOW_UP_AFTER_WEEKS after help was given, the helper "
        "(or the person helped, if they agreed) is asked what has happened since. Safe to run every few "
        "minutes: nobody is asked twice about the same help."
    )

    def handle(self, *args, **options):
        queued = queue_follow_up_prompts()
        if options["verbosity"]:
            self.stdout.write(f"Queued {queued} follow-up email(s).")
