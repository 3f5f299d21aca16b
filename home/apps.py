from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and places"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .front_cache import hours_exception_changed, site_settings_changed
        from .models import OpeningHoursException, SiteSettings

        # The front cache (FRONTEND_CACHE_URL) forgets a centre page when its dated hours change,
        # and the whole site when its settings (on every page) change.
        for signal in (post_save, post_delete):
            signal.connect(
                hours_exception_changed,
                sender=OpeningHoursException,
                dispatch_uid=f"centre-hours-{id(signal)}",
            )
        post_save.connect(
            site_settings_changed, sender=SiteSettings, dispatch_uid="site-settings-front-cache"
        )

        from wagtail.models import ReferenceIndex

        # The logo counts as used (the image's usage, its deletion warning), and a new file for it
        # or its deletion drops the site from the front cache (cms.front_cache.image_changed).
        ReferenceIndex.register_model(SiteSettings)

        from cms.site_cache import forget_sites

        from .models.centres import CentreRoom, Facility, OpeningHours, RegularActivity, RoomPhoto

        # A centre page's details are cached (CommunityCentrePage.prefetch_for_page): any change to
        # them, including a facility edited as a snippet or a dated change to the hours, starts a
        # new cache generation.
        for sender in (Facility, OpeningHours, OpeningHoursException, RegularActivity, CentreRoom, RoomPhoto):
            for signal in (post_save, post_delete):
                uid = f"centre-details-{sender.__name__}-{id(signal)}"
                signal.connect(forget_sites, sender=sender, dispatch_uid=uid)
