"""URLs of this app that are not pages (pages route through Wagtail)."""

from django.urls import path

from . import network, network_helpers, theme, views

app_name = "home"

urlpatterns = [
    path("site-theme.css", theme.site_theme, name="site_theme"),
    path("centres/<id:centre_id>/hire-a-room/", views.room_hire_enquiry, name="room_hire_enquiry"),
    path("centres/<id:centre_id>/hire-a-room/sent/", views.room_hire_thanks, name="room_hire_thanks"),
    path("network/surgeries/", network.network_page, name="network_surgeries"),
    path("network/surgeries/rss/", network.network_rss, name="network_surgeries_rss"),
    path("network/surgeries/atom/", network.network_atom, name="network_surgeries_atom"),
    path("network/surgeries/calendar.ics", network.network_ical, name="network_surgeries_ical"),
    path("network/helpers/", network_helpers.volunteer, name="network_helper"),
    path("network/helpers/sent/", network_helpers.volunteer_sent, name="network_helper_sent"),
]
