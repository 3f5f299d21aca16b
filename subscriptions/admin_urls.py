"""Admin URLs for sending an issue by email, mounted under /admin/subscriptions/ by wagtail_hooks."""

from django.urls import path

from . import admin_views, import_views

app_name = "subscriptions_sending"

urlpatterns = [
    path("issues/<id:page_id>/send/", admin_views.send_issue, name="send"),
    path("issues/<id:page_id>/send/confirm/", admin_views.confirm_send, name="confirm"),
    path("issues/<id:page_id>/send/progress/", admin_views.send_progress, name="progress"),
    path("newsletters/<id:publication_id>/import/", import_views.import_list, name="import"),
]
