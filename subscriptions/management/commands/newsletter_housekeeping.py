from django.core.management.base import BaseCommand

from subscriptions import delivery, signup
from subscriptions.tasks import deliver_issue


class Command(BaseCommand):
    help = (
        "Delete sign-ups nobody confirmed within NEWSLETTER_PENDING_DAYS (7 by default), and restart "
        "sends left without a worker "
        "(a worker that was killed, or retries the task backend could not schedule). Safe to run "
        "every minute; `run_scheduler` does."
    )

    def handle(self, *args, **options):
        deleted = signup.delete_stale_signups()
        posts = delivery.posts_with_due_deliveries()
        delivery.forget_dead_workers()
        for post_id in posts:
            deliver_issue.enqueue(post_id)
        if options["verbosity"] or deleted or posts:
            self.stdout.write(
                f"Deleted {deleted} unconfirmed sign-up(s); restarted sending for {len(posts)} issue(s)."
            )
