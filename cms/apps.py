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

        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from cms.login_throttle import note_failed_login, note_successful_login

        user_login_failed.connect(note_failed_login, dispatch_uid="login-throttle-failed")
        user_logged_in.connect(note_successful_login, dispatch_uid="login-throttle-success")

        from django.db.models.signals import post_delete

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.templatetags.patchwork_tags import invalidate_navigation

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_navigation, dispatch_uid=f"navigation-{id(signal)}")
        post_delete.connect(
            invalidate_navigation, sender="wagtailcore.Page", dispatch_uid="navigation-delete"
        )
