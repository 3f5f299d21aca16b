"""Admin pieces: the authors list under Snippets."""

from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = gettext_lazy("Authors")
    list_display = ["name", "show_publicly"]
    list_filter = ["show_publicly"]


register_snippet(AuthorViewSet)


@hooks.register("front_cache_purges")
def front_cache_purges(page):
    """Feeds, archive, tag and author pages and neighbouring posts showing a changed post."""
    from .front_cache import purges

    return purges(page)


@hooks.register("register_admin_urls")
def register_digest_urls():
    from django.urls import include, path

    from . import digest_admin

    return [path("digests/", include(digest_admin, namespace="newsletters_digests"))]
