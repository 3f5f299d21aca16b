from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class FediverseConfig(AppConfig):
    name = "fediverse"
    verbose_name = gettext_lazy("Follow from the fediverse")

    def ready(self):
        from . import signals  # noqa: F401  (publishing a post tells followers)
