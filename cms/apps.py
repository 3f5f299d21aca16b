from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared pieces (template tags, abstract page mixins, blocks) and background-process heartbeats."""

    name = "cms"
    verbose_name = "Patchwork"

    def ready(self):
        from django.urls import register_converter

        from cms import checks  # noqa: F401 - registers the system checks
        from cms.converters import DatabaseIdConverter

        register_converter(DatabaseIdConverter, "id")

        from cms import visibility

        visibility.install()  # page view restrictions read once per request

        from django.db.models.signals import post_delete, post_migrate, post_save

        from wagtail.models import Locale

        from cms import locales

        # The reader's language without a query; a locale saved or deleted starts a new cache
        # generation (below), so the languages are read again.
        locales.install()

        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from cms.login_throttle import note_failed_login, note_successful_login

        user_login_failed.connect(note_failed_login, dispatch_uid="login-throttle-failed")
        user_logged_in.connect(note_successful_login, dispatch_uid="login-throttle-success")

        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.site_cache import forget_sites

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_sites, dispatch_uid=f"sites-{id(signal)}")
        post_delete.connect(forget_sites, sender="wagtailcore.Page", dispatch_uid="sites-page-delete")
        # A migration may change what pages show (a data migration saves rows without the signals
        # above) or the models kept in the cache: nothing cached before it is served after it.
        post_migrate.connect(forget_sites, sender=self, dispatch_uid="sites-after-migrate")
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction

        # What is cached under the same generation (cms.site_cache.content_version): view
        # restrictions, pages' translations, and renditions and alt text in centres' details.
        for sender in (Site, PageViewRestriction, Locale, get_image_model()):
            for signal in (post_save, post_delete):
                uid = f"sites-{sender.__name__}-{id(signal)}"
                signal.connect(forget_sites, sender=sender, dispatch_uid=uid)

        from wagtail.signals import pre_page_move

        from cms import front_cache

        # The front cache (FRONTEND_CACHE_URL) forgets a page, its listings and feeds on each change.
        for signal in (page_published, page_unpublished):
            signal.connect(front_cache.page_changed, dispatch_uid=f"front-cache-{id(signal)}")
        pre_page_move.connect(front_cache.page_moving, dispatch_uid="front-cache-pre-move")
        for signal in (post_save, post_delete):
            signal.connect(
                front_cache.restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"front-cache-restriction-{id(signal)}",
            )
        post_page_move.connect(front_cache.page_moved, dispatch_uid="front-cache-post-move")
        for signal in (post_save, post_delete):
            signal.connect(
                front_cache.image_changed,
                sender=get_image_model(),
                dispatch_uid=f"front-cache-image-{id(signal)}",
            )
