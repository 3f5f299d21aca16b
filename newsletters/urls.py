"""URLs of this app that are not pages (pages, archives, tag and author pages route through Wagtail).

Feeds live here rather than on the pages so a private publication's feed is a
plain 404 instead of Wagtail's log-in redirect.
"""

from django.urls import path

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
