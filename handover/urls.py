from django.urls import path

from . import follow_up_views, views

app_name = "handover"

urlpatterns = [
    path("welcome/<str:token>/", views.accept_invite, name="invite"),
    path("follow-up/<str:token>/", follow_up_views.follow_up, name="follow_up"),
    path("what-changed/", follow_up_views.what_changed, name="what_changed"),
    path("what-changed/place/<id:place_id>/", follow_up_views.what_changed, name="place_what_changed"),
]
