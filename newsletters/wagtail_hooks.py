"""Admin pieces: the authors list under Snippets, and the "Export" button on publications."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .authors import (
    AuthorChooserViewSet,
    AuthorForm,
    author_permission_policy,
    authors_of,
    town_authors_only,
)
from .models import Author, PostPage, PublicationPage


class AuthorViewSet(SnippetViewSet):
    """Each town's organisers list, edit and choose their own town's authors (see authors.py)."""

    model = Author
    icon = "user"
    menu_label = gettext_lazy("Authors")
    list_display = ["name", "show_publicly", "town_page"]
    list_filter = ["show_publicly"]
    edit_handler = ObjectList(Author.panels, base_form_class=AuthorForm)
    chooser_viewset_class = AuthorChooserViewSet
    # Every view that opens one author refuses another town's.
    edit_view_class = town_authors_only(SnippetViewSet.edit_view_class)
    delete_view_class = town_authors_only(SnippetViewSet.delete_view_class)
    copy_view_class = town_authors_only(SnippetViewSet.copy_view_class)
    usage_view_class = town_authors_only(SnippetViewSet.usage_view_class)
    history_view_class = town_authors_only(SnippetViewSet.history_view_class)
    inspect_view_class = town_authors_only(SnippetViewSet.inspect_view_class)
    revisions_view_class = town_authors_only(SnippetViewSet.revisions_view_class)
    revisions_compare_view_class = town_authors_only(SnippetViewSet.revisions_compare_view_class)

    def get_queryset(self, request):
        return authors_of(request.user).select_related("town_page")


register_permission_policy(Author, author_permission_policy)
register_snippet(AuthorViewSet)


@hooks.register("front_cache_purges")
def front_cache_purges(page):
    """Feeds, archive, tag and author pages and neighbouring posts showing a changed post."""
    from .front_cache import purges

    return purges(page)


@hooks.register("register_admin_urls")
def register_export_urls():
    return [path("newsletters/", include(admin_urls, namespace="newsletters_export"))]


def export_button(page, user, priority):
    if page.specific_class is not PublicationPage or not page.permissions_for_user(user).can_edit():
        return None
    return Button(
        gettext_lazy("Export"),
        url=reverse("newsletters_export:export", args=[page.pk]),
        icon_name="download",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def publication_header_export_button(page, user, view_name, next_url=None):
    button = export_button(page, user, priority=40)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def publication_listing_export_button(page, user, next_url=None):
    button = export_button(page, user, priority=40)
    if button:
        yield button


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


@hooks.register("register_admin_urls")
def register_live_urls():
    from . import live_admin

    return [path("live/", include(live_admin, namespace="newsletters_live"))]


def live_buttons(page, user, priority, *, coverage):
    """The buttons to add a live update and to end the coverage, on a live post, for its editors."""
    if coverage != PostPage.Coverage.LIVE:
        return []
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        return []
    buttons = [
        Button(
            gettext_lazy("Add a live update"),
            url=reverse("newsletters_live:add", args=[page.pk]),
            icon_name="time",
            priority=priority,
        )
    ]
    if permissions.can_publish():
        buttons.append(
            Button(
                gettext_lazy("End the live coverage"),
                url=reverse("newsletters_live:end", args=[page.pk]),
                icon_name="tick",
                priority=priority + 1,
            )
        )
    return buttons


@hooks.register("register_page_header_buttons")
def post_header_live_buttons(page, user, view_name, next_url=None):
    if page.specific_class is PostPage:
        yield from live_buttons(page, user, priority=20, coverage=page.specific_deferred.coverage)


@hooks.register("register_page_listing_more_buttons")
def post_listing_live_buttons(page, user, next_url=None):
    # Only what the listing already read: no query per row.
    yield from live_buttons(page, user, priority=20, coverage=page.__dict__.get("coverage"))


from . import import_admin  # noqa: E402, F401  (the "Import posts" screens register their own hooks)
