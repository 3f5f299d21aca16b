from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Email subscribers of newsletters and the delivery of issues to them.

    Kept apart from ``newsletters`` (publishing, reading, feeds) because mailing is
    a concern of its own: consent records, a send engine, SMTP. Dependencies run one
    way: subscriptions -> newsletters -> cms.
    """

    name = "subscriptions"
    verbose_name = "Email subscriptions"
