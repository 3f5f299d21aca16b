from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("subscriptions/<id:publication_id>/", views.subscribe, name="subscribe"),
    path("subscriptions/<id:publication_id>/check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
