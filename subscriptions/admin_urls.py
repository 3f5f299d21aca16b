from django.urls import path

from . import admin_views

app_name = "subscriptions_admin"

urlpatterns = [
    path("issues/<id:page_id>/send/", admin_views.send_issue, name="send"),
    path("issues/<id:page_id>/send/confirm/", admin_views.confirm_send, name="confirm"),
    path("issues/<id:page_id>/send/progress/", admin_views.send_progress, name="progress"),
    path("newsletters/", admin_views.newsletter_index, name="index"),
    path("newsletters/<id:publication_id>/", admin_views.newsletter_subscribers, name="subscribers"),
    path("newsletters/<id:publication_id>/export.csv", admin_views.export_subscribers, name="export"),
]
