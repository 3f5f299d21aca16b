from django.core.management.base import BaseCommand

from crossposting import tasks


class Command(BaseCommand):
    help = (
        'Mark posts to Mastodon or Bluesky left "sending" for CROSSPOSTING_SENDING_TIMEOUT seconds '
        "(15 minutes by default; the worker stopped part-way) as failed, for the editor to check and "
        "post again, and try again those whose retry is overdue (the task backend lost it, or cannot "
        "defer a task). Safe to run every minute; `run_scheduler` does."
    )

    def handle(self, *args, **options):
        interrupted = tasks.give_up_on_interrupted()
        overdue = tasks.due_again()
        for crosspost_id in overdue:
            tasks.send_crosspost.enqueue(crosspost_id)
        if options["verbosity"] or interrupted or overdue:
            self.stdout.write(
                f"Marked {interrupted} interrupted post(s) as failed; "
                f"tried {len(overdue)} overdue retry(ies) again."
            )
