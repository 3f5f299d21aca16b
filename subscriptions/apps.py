from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Email subscribers of newsletters and the delivery of issues to them.

    Kept apart from ``newsletters`` (publishing, reading, feeds) because mailing is
    a concern of its own: consent records, a send engine, SMTP. Dependencies run one
    way: subscriptions -> newsletters -> cms.
    """

    name = "subscriptions"
    verbose_name = "Email subscriptions"

    def ready(self):
        from cms.backup import count_in_manifest

        from .models import Subscriber

        # Backups say how many subscribers they hold, and restore checks they all came back.
        count_in_manifest("subscribers", Subscriber.objects.count)
