from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CrosspostingConfig(AppConfig):
    name = "crossposting"
    verbose_name = gettext_lazy("Post to Mastodon and Bluesky")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms.site_cache import forget_sites

        from . import signals  # noqa: F401  (publishing a post or a live update posts it)

        # A linked or unlinked account changes the follow links publication pages show.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_sites, sender="crossposting.Account", dispatch_uid=f"crossposting-{id(signal)}"
            )
