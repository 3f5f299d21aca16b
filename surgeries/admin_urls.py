"""Admin URLs for organisers, mounted under /admin/surgeries/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "surgeries_admin"

urlpatterns = [
    path("", admin_views.SurgeryIndexView.as_view(), name="index"),
    path("<id:surgery_id>/bookings/", admin_views.SurgeryBookingsView.as_view(), name="bookings"),
    path("<id:surgery_id>/bookings.csv", admin_views.export_csv, name="export_csv"),
    path("<id:surgery_id>/walk-in/", admin_views.walk_in, name="walk_in"),
    path("booking/<id:booking_id>/decide/", admin_views.decide, name="decide"),
    path("booking/<id:booking_id>/check-in/", admin_views.check_in, name="check_in"),
]
