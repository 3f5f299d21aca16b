from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters and blogs"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import ReferenceIndex

        from .front_cache import author_changed
        from .models import Author, LiveUpdate

        # A live update's photo counts as used (the image's usage, its deletion warning), and an
        # edit to it purges the post showing it (cms.front_cache.image_changed).
        ReferenceIndex.register_model(LiveUpdate)
        for signal in (post_save, post_delete):
            signal.connect(author_changed, sender=Author, dispatch_uid=f"newsletters.author-{id(signal)}")
