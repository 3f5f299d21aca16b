from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters and blogs"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .front_cache import author_changed
        from .models import Author

        for signal in (post_save, post_delete):
            signal.connect(author_changed, sender=Author, dispatch_uid=f"newsletters.author-{id(signal)}")
