from django.core.management.base import BaseCommand

from django_tasks import TaskResultStatus

from planet.tasks import due_feeds, fetch_feed


class Command(BaseCommand):
    help = (
        "Queue a read of every approved feed from elsewhere not read for PLANET_FETCH_EVERY_MINUTES. "
        "Safe to run every few minutes: a feed is read at most that often, and reading one twice "
        "stores nothing twice."
    )

    def handle(self, *args, **options):
        ids = list(due_feeds().order_by("last_fetched_at", "pk").values_list("pk", flat=True))
        outcomes = {}
        for position, feed_id in enumerate(ids, start=1):
            result = fetch_feed.enqueue(feed_id)
            # With the immediate backend (tests, or no worker) the read has happened already.
            if result.status == TaskResultStatus.SUCCESSFUL:
                outcome = result.return_value
            else:
                outcome = "queued" if not result.is_finished else "error"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{position}/{len(ids)}: feed {feed_id}: {outcome}")
        if options["verbosity"]:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items(), key=str))
            self.stdout.write(
                f"Feeds from elsewhere: {len(ids)} due" + (f" ({summary})." if summary else ".")
            )
