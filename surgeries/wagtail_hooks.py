"""Wagtail admin: the organisers' bookings (viewsets.py), links to them, and the editor's clash warning."""

from datetime import timedelta

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_menu import MENU_ORDER, page_menu_buttons

from .helper_admin import NetworkHelpersView
from .models import Booking, SurgeryPage, SurgeryTopic
from .network_helpers import may_list_helpers
from .viewsets import booking_permission_policy, booking_viewset

CLASH_WINDOW = timedelta(days=1)


class SurgeryTopicViewSet(SnippetViewSet):
    """What people can tick on the booking forms and the help log; drag to reorder."""

    model = SurgeryTopic
    icon = "tag"
    menu_label = "Surgery topics"
    list_display = ["name", "help_text", "offered"]


register_snippet(SurgeryTopicViewSet)


register_permission_policy(Booking, booking_permission_policy)


@hooks.register("register_admin_viewset")
def register_bookings():
    return booking_viewset


@hooks.register("register_admin_urls")
def register_network_helpers_url():
    return [path("network-helpers/", NetworkHelpersView.as_view(), name="surgeries_network_helpers")]


class NetworkHelpersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_list_helpers(request.user)


@hooks.register("register_admin_menu_item")
def network_helpers_menu_item():
    return NetworkHelpersMenuItem(
        gettext_lazy("Helpers across the network"),
        reverse("surgeries_network_helpers"),
        icon_name="group",
        name="network-helpers",
        order=MENU_ORDER["network-helpers"],
    )


@hooks.register("show_worker_health_to")
def organisers_see_worker_health(user):
    """Organisers see the dashboard's "Background work" panel: their booking emails depend on it."""
    return user.organised_surgeries.exists()


def bookings_button(page, priority):
    return Button(
        "Bookings",
        url=reverse(booking_viewset.get_url_name("surgery"), args=[page.pk]),
        icon_name="group",
        priority=priority,
        attrs={"aria-label": f"Bookings for '{page.get_admin_display_title()}'"},
    )


@page_menu_buttons
def surgery_bookings_button(page, user):
    if page.specific_class is SurgeryPage:
        yield bookings_button(page, priority=12)


def nearby_surgeries(surgery):
    """Other surgeries in the same place that start within a day of this one."""
    return (
        SurgeryPage.objects.sibling_of(surgery, inclusive=False)
        .filter(
            starts_at__gt=surgery.starts_at - CLASH_WINDOW,
            starts_at__lt=surgery.starts_at + CLASH_WINDOW,
        )
        .order_by("starts_at")
    )


def warn_about_nearby_surgeries(request, page):
    """A warning, not an error: two surgeries close together may be intended."""
    if not isinstance(page, SurgeryPage):
        return
    for other in nearby_surgeries(page)[:3]:
        when = date_format(timezone.localtime(other.starts_at), "l j F Y, H:i")
        messages.warning(
            request,
            f"Another surgery in the same place is within a day of this one: '{other.title}' on {when}. "
            "If that is a mistake, change the date; otherwise you can ignore this.",
        )


hooks.register("after_create_page", warn_about_nearby_surgeries)
hooks.register("after_edit_page", warn_about_nearby_surgeries)


@hooks.register("front_cache_purges")
def front_cache_purges(page):
    """Surgery listings and calendars, and the centre it is at, when a surgery changes."""
    from .front_cache import purges

    return purges(page)
