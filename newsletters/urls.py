"""URLs of this app that are not pages (pages route through Wagtail)."""

urlpatterns = []
