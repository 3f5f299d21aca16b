from django.core.management.base import BaseCommand, CommandError

from newsletters.models import PostPage
from subscriptions import delivery


class Command(BaseCommand):
    help = (
        "Send an issue's queued deliveries from this process (what a worker task does), taking over "
        "from workers that died, then stop. Useful to finish a send by hand; run several at once to "
        "send in parallel."
    )

    def add_arguments(self, parser):
        parser.add_argument("post_id", type=int, help="The id of the newsletter issue (a PostPage).")
        parser.add_argument("--batch-size", type=int, default=None, help="Messages per SMTP connection.")

    def handle(self, *args, post_id, batch_size, **options):
        if not PostPage.objects.filter(pk=post_id).exists():
            raise CommandError(f"There is no post with id {post_id}.")
        self.stdout.write(f"Sending issue {post_id}...")
        # Waits while other workers hold rows, and takes them over if they die.
        outcome = delivery.finish_send(post_id, batch_size=batch_size)
        counts = delivery.progress(PostPage.objects.get(pk=post_id))
        self.stdout.write(
            f"This run: {outcome.sent} sent, {outcome.retried} to retry, {outcome.failed} failed, "
            f"{outcome.skipped} skipped. Issue total: {counts['sent']} sent, {counts['failed']} failed, "
            f"{counts['remaining']} remaining."
        )
