"""Admin URLs for exporting a publication, mounted under /admin/newsletters/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "newsletters_export"

urlpatterns = [
    path("<id:page_id>/export/", admin_views.export_publication_view, name="export"),
    path("<id:page_id>/export/<slug:export_format>/", admin_views.export_download, name="download"),
]
