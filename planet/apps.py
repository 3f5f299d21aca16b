from django.apps import AppConfig


class PlanetConfig(AppConfig):
    """A planet of local blogs: other websites' feeds (a group's WordPress, a parish blog) shown on a place.

    Stands beside ``newsletters``: it imports only ``cms``. Places are reached by the string
    ``"home.PlacePage"``; ``home`` shows the items through ``planet.queries``.
    """

    name = "planet"
    verbose_name = "Blogs from elsewhere"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import ExternalFeed
        from .queries import forget_items

        post_save.connect(forget_items, sender=ExternalFeed, dispatch_uid="planet-feed-saved")
        post_delete.connect(forget_items, sender=ExternalFeed, dispatch_uid="planet-feed-deleted")
