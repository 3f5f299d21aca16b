from django.core.management.base import BaseCommand

from home.digests import run_digests


class Command(BaseCommand):
    help = (
        "Draft each place digest a day before it goes out, and send the drafted ones whose time has "
        "come (unless an editor held them). Safe to run often: the scheduler runs it every few minutes."
    )

    def handle(self, *args, **options):
        run = run_digests()
        if options["verbosity"] > 1:
            for issue in run.drafted:
                self.stdout.write(f"Drafted digest issue {issue.post_id} ({issue.item_count} items)")
            for issue, queued in run.sent:
                self.stdout.write(f"Sent digest issue {issue.post_id} to {queued} subscriber(s)")
            for issue in run.missed:
                self.stdout.write(f"Missed digest issue of {issue.send_at:%Y-%m-%d %H:%M}: too late to send")
        if options["verbosity"] == 0 and not (run.drafted or run.empty or run.sent or run.missed):
            return  # the scheduler's quiet runs
        self.stdout.write(
            f"Place digests: {len(run.drafted)} drafted, {len(run.empty)} with nothing new (not sent), "
            f"{len(run.sent)} sent."
            + (f" {len(run.missed)} missed (the scheduler came back too late to send)." if run.missed else "")
        )
