from django.urls import path

from . import views

app_name = "handover"

urlpatterns = [
    path("welcome/<str:token>/", views.accept_invite, name="invite"),
]
