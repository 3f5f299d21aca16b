"""What the home app offers other apps: the towns of the network.

Other apps (feeds, the network surgery page, link building) read towns through these
functions, never through ``home.models`` by name.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Town


@dataclass(frozen=True)
class TownSummary:
    """One active town: where its part of the page tree starts and where it is on the map."""

    pk: int
    name: str
    slug: str
    root_page_id: int
    root_path: str  # the treebeard path of the town's home: its pages are the ones starting with it
    hostname: str | None  # its own Site's host name, or None for a town inside the network site
    port: int | None
    site_id: int | None
    latitude: Decimal | None
    longitude: Decimal | None

    def contains(self, page):
        """Whether ``page`` is the town's home or below it."""
        return page.path.startswith(self.root_path)


def towns(*, include_inactive=False):
    """Every town, by name, in one query (removed towns only when ``include_inactive``)."""
    queryset = Town.objects.select_related("root_page", "site").order_by("name", "pk")
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return [
        TownSummary(
            pk=town.pk,
            name=town.name,
            slug=town.slug,
            root_page_id=town.root_page_id,
            root_path=town.root_page.path,
            hostname=town.site.hostname if town.site else None,
            port=town.site.port if town.site else None,
            site_id=town.site_id,
            latitude=town.latitude,
            longitude=town.longitude,
        )
        for town in queryset
    ]


def town_of(page, town_list=None):
    """The town whose part of the tree holds ``page`` (the deepest one), or None."""
    candidates = [town for town in (town_list if town_list is not None else towns()) if town.contains(page)]
    return max(candidates, key=lambda town: len(town.root_path), default=None)
