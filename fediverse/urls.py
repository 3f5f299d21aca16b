from django.urls import path

from . import views

app_name = "fediverse"

# <kind> is the actor kind's segment (fediverse.actors): "publications", or "places" from home.
urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path("fediverse/<slug:kind>/<int:pk>/", views.actor, name="actor"),
    path("fediverse/<slug:kind>/<int:pk>/outbox", views.outbox, name="outbox"),
    path("fediverse/<slug:kind>/<int:pk>/followers", views.followers, name="followers"),
    path("fediverse/<slug:kind>/<int:pk>/inbox", views.inbox, name="inbox"),
]
