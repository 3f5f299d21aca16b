"""URLs of this app that are not pages (pages, archives, tag and author pages route through Wagtail).

Feeds live here rather than on the pages so a private publication's feed is a
plain 404 instead of Wagtail's log-in redirect.
"""

from django.urls import path

from . import live
from .feeds import FORMATS, SCOPES, make_feed_view

app_name = "newsletters"


FEED_PATHS = {
    "site": "feeds/",
    "publication": "feeds/publications/<id:pk>/",
    "tag": "feeds/tags/<slug:tag>/",
    "author": "feeds/authors/<slug:author>/",
    "place": "feeds/places/<id:pk>/",
}

# newsletters:site_rss, newsletters:site_atom, newsletters:publication_rss, ... newsletters:place_atom
urlpatterns = [
    path(f"{prefix}{extension}/", make_feed_view(SCOPES[scope], feed_type), name=f"{scope}_{extension}")
    for scope, prefix in FEED_PATHS.items()
    for extension, feed_type in FORMATS.items()
]

# A live post's updates: polled by static/js/live.js, and as feeds (newsletters/live.py).
urlpatterns += [
    path("live/<id:pk>/updates/", live.live_updates_view, name="live_updates"),
    path("feeds/live/<id:pk>/rss/", live.live_rss_view, name="live_rss"),
    path("feeds/live/<id:pk>/atom/", live.live_atom_view, name="live_atom"),
]
