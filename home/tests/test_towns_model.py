"""The Town model and home.queries.towns(): what other apps read about the network's towns."""

from decimal import Decimal

from wagtail.models import Page, Site

import pytest

from home.models import HomePage, PlacePage, Town
from home.queries import town_of, towns

pytestmark = pytest.mark.django_db


def test_towns_lists_active_towns_with_their_root_path_host_and_coordinates():
    root = Page.objects.get(depth=1)
    walsall_home = root.add_child(instance=HomePage(title="Walsall", slug="walsall-home"))
    site = Site.objects.create(hostname="walsall.example", port=80, root_page=walsall_home)
    walsall = Town.objects.create(
        name="Walsall",
        slug="walsall",
        root_page=walsall_home,
        site=site,
        latitude=Decimal("52.58611"),
        longitude=Decimal("-1.98250"),
    )
    network_home = root.add_child(instance=HomePage(title="Network", slug="network-home"))
    dudley_place = network_home.add_child(instance=PlacePage(title="Dudley", slug="dudley"))
    Town.objects.create(name="Dudley", slug="dudley", root_page=dudley_place)
    Town.objects.create(
        name="Aston",
        slug="aston",
        root_page=network_home.add_child(instance=PlacePage(title="Aston", slug="aston")),
        is_active=False,
    )

    listed = towns()

    assert [town.name for town in listed] == ["Dudley", "Walsall"]
    dudley, walsall_summary = listed
    assert walsall_summary.hostname == "walsall.example"
    assert walsall_summary.root_path == walsall_home.path
    assert walsall_summary.latitude == Decimal("52.58611")
    assert dudley.hostname is None and dudley.latitude is None
    assert [town.name for town in towns(include_inactive=True)] == ["Aston", "Dudley", "Walsall"]
    place_in_walsall = walsall_home.add_child(instance=PlacePage(title="Bloxwich", slug="bloxwich"))
    assert town_of(place_in_walsall).pk == walsall.pk
    assert town_of(network_home) is None
