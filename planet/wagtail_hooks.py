"""The feeds from elsewhere in the admin (menu, dashboard notice) and in the place's own feed."""

from django.db.models import Q
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from .models import ExternalFeed
from .queries import items_below
from .viewsets import feed_permission_policy, feed_viewset

register_permission_policy(ExternalFeed, feed_permission_policy)


@hooks.register("register_admin_viewset")
def register_feed_viewset():
    return feed_viewset


class FailingFeedsPanel(Component):
    """The admin notice of feeds that keep failing: for the helper who added them, and for the
    people who look after their place."""

    name = "planet_failing_feeds"
    order = 45
    template_name = "planet/admin/failing_panel.html"

    def __init__(self, feeds):
        self.feeds = feeds

    def get_context_data(self, parent_context=None):
        return {
            "feeds": self.feeds,
            "edit_url_name": feed_viewset.get_url_name("edit"),
            "index_url": reverse(feed_viewset.get_url_name("index")),
        }


def failing_feeds(user):
    """Flagged or paused-while-failing feeds this person added or may look after."""
    flagged = Q(flagged_at__isnull=False)
    mine = ExternalFeed.objects.filter(flagged, added_by=user)
    theirs = feed_permission_policy.instances_user_has_permission_for(user, "change").filter(flagged)
    return list((mine | theirs).distinct().select_related("place").order_by("-flagged_at")[:10])


@hooks.register("construct_homepage_panels")
def add_failing_feeds_panel(request, panels):
    feeds = failing_feeds(request.user)
    if feeds:
        panels.append(FailingFeedsPanel(feeds))


@hooks.register("place_feed_extra_items")
def posts_from_elsewhere(place, limit):
    """The place's RSS and Atom feeds list the newest posts from elsewhere too (newsletters.feeds)."""
    return items_below(place, limit=limit)
