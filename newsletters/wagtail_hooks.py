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


@hooks.register("register_page_header_buttons")
def start_digest_button(page, user, view_name, next_url=None):
    """The "Start a digest" button on a place that has none, for people who may add and publish there."""
    from django.urls import reverse

    from wagtail.admin.ui.menus.pages import PageMenuItem

    from .digest_admin import may_start_digest, place_digest

    if view_name == "edit" and may_start_digest(page, user) and place_digest(page) is None:
        yield PageMenuItem(
            gettext_lazy("Start a digest for this place"),
            url=reverse("newsletters_digests:start", args=[page.pk]),
            icon_name="mail",
            priority=30,
            page=page,
        )


from . import import_admin  # noqa: E402, F401  (the "Import posts" screens register their own hooks)
