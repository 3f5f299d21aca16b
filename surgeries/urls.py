"""URLs of this app that are not pages (pages route through Wagtail)."""

from django.urls import path

from . import views

app_name = "surgeries"

urlpatterns = [
    path("surgeries/", views.upcoming, name="upcoming"),
    path("surgeries/past/", views.past, name="past"),
    path("surgeries/calendar.ics", views.site_ical, name="site_ical"),
    path("surgeries/place/<id:place_id>/", views.upcoming, name="place_upcoming"),
    path("surgeries/place/<id:place_id>/past/", views.past, name="place_past"),
    path("surgeries/place/<id:place_id>/calendar.ics", views.place_ical, name="place_ical"),
    path("surgeries/<id:surgery_id>/book/<str:role>/", views.book, name="book"),
    path("surgeries/cancel/<str:token>/", views.cancel, name="cancel"),
    path("surgeries/confirm/<str:token>/", views.confirm_place, name="confirm_place"),
    path(
        "surgeries/helpers/confirm/<str:token>/", views.confirm_network_helper, name="confirm_network_helper"
    ),
    path(
        "surgeries/helpers/withdraw/<str:token>/",
        views.withdraw_network_helper,
        name="withdraw_network_helper",
    ),
]
