"""URLs of this app that are not pages (pages route through Wagtail)."""

from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("centres/<id:centre_id>/hire-a-room/", views.room_hire_enquiry, name="room_hire_enquiry"),
    path("centres/<id:centre_id>/hire-a-room/sent/", views.room_hire_thanks, name="room_hire_thanks"),
]
