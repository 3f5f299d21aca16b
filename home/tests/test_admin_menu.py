"""The admin menu puts Patchwork's items in one order (cms.admin_menu), the organiser's day first."""

from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from wagtail.admin.menu import admin_menu

import pytest

from cms.admin_menu import MENU_ORDER

pytestmark = pytest.mark.django_db


def menu_items(user):
    # The admin's URLs register the viewsets' menu items: load them before the menu is first read.
    request = RequestFactory().get(reverse("wagtailadmin_home"))
    request.user = user
    return sorted(admin_menu.menu_items_for_request(request), key=lambda item: item.order)


def menu_names(user):
    return [item.name for item in menu_items(user)]


def test_an_administrator_sees_the_surgery_day_first_then_pages_then_lists(admin_user):
    names = menu_names(admin_user)
    ours = [
        "surgery-bookings",
        "set-up-newcomer",
        "help-log",
        "impact",
        "explorer",
        "subscribers",
        "room-hire-enquiries",
    ]
    assert [name for name in names if name in ours] == ours
    assert names.index("room-hire-enquiries") < names.index("images")


def test_every_patchwork_item_takes_its_place_from_one_table(admin_user):
    orders = {item.name: item.order for item in menu_items(admin_user)}
    for name, order in MENU_ORDER.items():
        if name != "getting-started":  # newcomers only
            assert orders[name] == order, name


def test_someone_with_nothing_to_look_after_sees_none_of_them(django_user_model):
    user = django_user_model.objects.create_user("visitor", "visitor@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert not set(menu_names(user)) & set(MENU_ORDER)
