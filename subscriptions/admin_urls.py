from django.urls import path

from . import admin_views

app_name = "subscriptions_admin"

urlpatterns = [
    path("issues/<int:page_id>/send/", admin_views.send_issue, name="send"),
    path("issues/<int:page_id>/send/confirm/", admin_views.confirm_send, name="confirm"),
    path("issues/<int:page_id>/send/progress/", admin_views.send_progress, name="progress"),
    path("newsletters/", admin_views.newsletter_index, name="index"),
    path("newsletters/<int:publication_id>/", admin_views.newsletter_subscribers, name="subscribers"),
    path("newsletters/<int:publication_id>/export.csv", admin_views.export_subscribers, name="export"),
]
