"""What the planet offers other apps: posts from elsewhere below a place, as plain values.

A place shows the posts of the approved feeds attached to it and to every place below it
(the page tree is the geography: "everything in this area" is one descendant query, as for
the place's own posts), in each of the place's languages. Only approved feeds count: a feed
waiting for approval, or paused, shows nothing. Paused feeds keep their rows, so resuming
brings their posts back.

Listings are kept in the cache under the site's content generation
(``cms.site_cache.content_version``: a place moved or unpublished starts a new one) and the
planet's own generation, which starts again whenever a feed brings new posts or a feed is
added, approved, paused, resumed, changed or removed (``forget_items``). So a place page
costs no query for them once warm.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

PLANET_VERSION_KEY = "planet:version"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class PlanetItem:
    """One post from elsewhere, as a listing, a feed or a digest shows it."""

    pk: int
    title: str
    link: str
    published: datetime
    excerpt: str
    guid: str
    source_name: str  # the blog's name
    source_link: str  # the blog's own home page (may be "")
    feed_id: int
    place_id: int


def planet_version():
    return cache.get_or_set(PLANET_VERSION_KEY, time.time_ns, None)


def forget_items(**kwargs):
    """Feeds or their posts changed: every cached listing of posts from elsewhere is read again."""
    try:
        cache.incr(PLANET_VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(PLANET_VERSION_KEY, time.time_ns(), None)


def _approved_items(place):
    """Items of approved feeds on ``place`` or below it, in any of its languages: a feed is added to
    one copy of a place, and each translation of the place (which shares its ``translation_key``)
    shows it too."""
    from wagtail.models import Page

    from .models import ExternalFeed, ExternalItem

    places_here = Page.objects.filter(path__startswith=place.path).values("translation_key")
    return (
        ExternalItem.objects.filter(
            feed__status=ExternalFeed.Status.APPROVED, feed__place__translation_key__in=places_here
        )
        .select_related("feed")
        .only(
            "pk",
            "title",
            "link",
            "published",
            "excerpt",
            "guid",
            "feed__id",
            "feed__title",
            "feed__url",
            "feed__site_link",
            "feed__place_id",
        )
        .order_by("-published", "-pk")
    )


def _as_planet_item(item):
    return PlanetItem(
        pk=item.pk,
        title=item.title,
        link=item.link,
        published=item.published,
        excerpt=item.excerpt,
        guid=item.guid,
        source_name=str(item.feed),
        source_link=item.feed.site_link,
        feed_id=item.feed.pk,
        place_id=item.feed.place_id,
    )


def items_below(place, *, limit=10, since=None):
    """The newest posts from elsewhere in ``place`` (a page) and the places below it, newest first.

    ``since`` (an aware datetime): only posts published after it (for a digest). Without
    ``since`` the answer comes from the cache: no query once warm.
    """
    if since is not None:
        rows = _approved_items(place).filter(published__gt=since)
        if limit is not None:
            rows = rows[:limit]
        return [_as_planet_item(item) for item in rows]
    from cms.site_cache import kept_for_generation

    def read():
        rows = _approved_items(place)
        if limit is not None:
            rows = rows[:limit]
        return [_as_planet_item(item) for item in rows]

    return kept_for_generation(f"planet:items:{planet_version()}:{place.pk}:{limit}", read, CACHE_SECONDS)


def organiser_permissions(actions=("add", "change", "view", "delete")):
    """What a town's organisers need to add and look after feeds (approving them is separate)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from .models import ExternalFeed

    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(ExternalFeed),
        codename__in=[f"{action}_externalfeed" for action in actions],
    )


def suggester_permissions():
    """What surgery helpers need to suggest a local blog for a place (someone else approves it)."""
    return organiser_permissions(actions=("add", "change", "view"))
