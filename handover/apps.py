from django.apps import AppConfig


class HandoverConfig(AppConfig):
    """Setting up newcomers at a surgery, and the helpers' log of what they helped with.

    Apart from ``surgeries`` (events, bookings, calendars) because it deals in
    accounts, groups, permissions and collections. Dependencies run one way:
    handover -> surgeries, subscriptions -> newsletters -> cms.
    """

    name = "handover"
    verbose_name = "Newcomers and help log"

    def ready(self):
        from . import front_cache
        from .editor import connect_signals

        connect_signals()
        front_cache.connect_signals()
