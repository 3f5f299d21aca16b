from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.signals import page_published, page_unpublished

        from .promotions import forget_promotions, promotion_changed
        from .suggestions import add_page_terms

        page_published.connect(add_page_terms, dispatch_uid="search-add-page-terms")
        page_published.connect(forget_promotions, dispatch_uid="search-forget-promotions-publish")
        page_unpublished.connect(forget_promotions, dispatch_uid="search-forget-promotions-unpublish")
        post_save.connect(promotion_changed, sender=SearchPromotion, dispatch_uid="search-forget-promotions")
        post_delete.connect(
            promotion_changed, sender=SearchPromotion, dispatch_uid="search-forget-promotions-del"
        )
