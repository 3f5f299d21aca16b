from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CrosspostingConfig(AppConfig):
    name = "crossposting"
    verbose_name = gettext_lazy("Post to Mastodon and Bluesky")

    def ready(self):
        from . import signals  # noqa: F401  (publishing a post or a live update posts it)
