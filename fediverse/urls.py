from django.urls import path

from . import views

app_name = "fediverse"

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path("fediverse/publications/<int:pk>/", views.actor, name="actor"),
    path("fediverse/publications/<int:pk>/outbox", views.outbox, name="outbox"),
    path("fediverse/publications/<int:pk>/followers", views.followers, name="followers"),
    path("fediverse/publications/<int:pk>/inbox", views.inbox, name="inbox"),
]
