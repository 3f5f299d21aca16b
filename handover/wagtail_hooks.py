"""The hand-over and the help log in the Wagtail admin.

Helpers reach "Set up a newcomer" from the menu, the dashboard and any surgery;
newcomers land on a welcome panel, see only their own drafts in choosers, and
get Publish (or Submit for review) as the main button on their posts.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from cms.admin_menu import MENU_ORDER, page_menu_buttons

from . import editor  # noqa: F401  (the first-issue editor's hooks)
from .boundaries import ChoosableDocumentsAdminAPIViewSet, ChoosableImagesAdminAPIViewSet, choosable_pages
from .impact_views import ImpactCsvView, ImpactJsonView, ImpactView, may_see_impact
from .models import HelpRecord
from .permissions import can_set_up_newcomers, is_newcomer, newcomer
from .queries import with_since_figures
from .views import (
    REISSUE_ACTION,
    HandedOverView,
    SetUpNewcomerView,
    WelcomeView,
    issue_fresh_invite,
    welcome_context,
)
from .viewsets import help_log_permission_policy, help_log_viewset

SURGERY_MODEL = "surgeries.SurgeryPage"

register_permission_policy(HelpRecord, help_log_permission_policy)


@hooks.register("register_admin_urls")
def handover_admin_urls():
    """Named ``handover_newcomers:<view>``, like every Patchwork admin area (``<app>_<area>:<view>``)."""
    urls = [
        path("newcomer/", SetUpNewcomerView.as_view(), name="setup"),
        path("help/<id:pk>/invitation/", HandedOverView.as_view(), name="handed_over"),
        path("help/<id:pk>/fresh-invitation/", issue_fresh_invite, name="reissue"),
        path("welcome/", WelcomeView.as_view(), name="welcome"),
    ]
    impact = [
        path("", ImpactView.as_view(), name="index"),
        path("impact.csv", ImpactCsvView.as_view(), name="csv"),
        path("impact.json", ImpactJsonView.as_view(), name="json"),
    ]
    return [
        path("handover/", include((urls, "handover_newcomers"))),
        path("impact/", include((impact, "handover_impact"))),
    ]


@hooks.register("register_admin_viewset")
def register_help_log():
    return help_log_viewset


@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_choosable_files(router):
    """Replaces Wagtail's image and document endpoints (registered at order 0) with ones that
    list only what the person may choose, so a newcomer sees their own pictures and nothing else."""
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    """A fresh invitation shows in the help-log entry's history (and site history) with who made it."""
    actions.register_action(
        REISSUE_ACTION, gettext_lazy("Fresh invitation"), gettext_lazy("Fresh invitation link made")
    )


class HelpersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_set_up_newcomers(request.user)


class ImpactMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_impact(request.user)


@hooks.register("register_admin_menu_item")
def impact_menu_item():
    return ImpactMenuItem(
        gettext_lazy("Impact"),
        reverse("handover_impact:index"),
        icon_name="pick",
        name="impact",
        order=MENU_ORDER["impact"],
    )


class NewcomersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_newcomer(request.user)


@hooks.register("register_admin_menu_item")
def set_up_newcomer_menu_item():
    return HelpersMenuItem(
        gettext_lazy("Set up a newcomer"),
        reverse("handover_newcomers:setup"),
        icon_name="user",
        name="set-up-newcomer",
        order=MENU_ORDER["set-up-newcomer"],
    )


@hooks.register("register_admin_menu_item")
def welcome_menu_item():
    return NewcomersMenuItem(
        gettext_lazy("Getting started"),
        reverse("handover_newcomers:welcome"),
        icon_name="help",
        name="getting-started",
        order=MENU_ORDER["getting-started"],
    )


# --- Dashboard ----------------------------------------------------------------


class HelperPanel(Component):
    """The way in for helpers: the button, and the latest help with what has happened since."""

    name = "handover_helper"
    order = 40
    template_name = "handover/admin/helper_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        from .models import HelpRecord

        records = with_since_figures(HelpRecord.objects.filter(helper=self.user))[:5]
        return {
            "setup_url": reverse("handover_newcomers:setup"),
            "records": records,
            "my_log_url": reverse(help_log_viewset.get_url_name("index"))
            + "?"
            + urlencode({"helper": self.user.pk}),
        }


class NewcomerPanel(Component):
    """A newcomer's next steps, at the top of the dashboard every time they log in."""

    name = "handover_newcomer"
    order = 10
    template_name = "handover/admin/newcomer_panel.html"

    def __init__(self, request, record):
        self.request = request
        self.record = record

    def get_context_data(self, parent_context=None):
        return welcome_context(self.request, self.record)


@hooks.register("construct_homepage_panels")
def add_handover_panels(request, panels):
    record = newcomer(request.user)
    if record is not None and record.publication is not None:
        panels.append(NewcomerPanel(request, record))
    if can_set_up_newcomers(request.user):
        panels.append(HelperPanel(request.user))


# --- From a surgery -----------------------------------------------------------


@page_menu_buttons
def surgery_buttons(page, user, priority=80):
    if page.specific_class is None or page.specific_class._meta.label != SURGERY_MODEL:
        return
    if not can_set_up_newcomers(user):
        return
    query = urlencode({"surgery": page.pk})
    yield Button(
        gettext("Set up a newcomer here"),
        f"{reverse('handover_newcomers:setup')}?{query}",
        icon_name="user",
        priority=priority,
    )
    yield Button(
        gettext("Help log for this surgery"),
        f"{reverse(help_log_viewset.get_url_name('index'))}?{query}",
        icon_name="list-ul",
        priority=priority + 1,
    )


# --- Keeping it simple and private for newcomers -------------------------------


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_in_reach(pages, request):
    """Linking to a page: newcomers see published pages and their own drafts, never other groups'
    drafts; a town's organisers see their own town's pages only (``choosable_pages``)."""
    choosable = choosable_pages(request.user)
    return pages if choosable is None else pages.filter(choosable)


# --- A newcomer's publication stays put ---------------------------------------
# Their group's "change" permission on the publication would let Wagtail delete,
# move or unpublish it (and every post in it) in a few clicks. That is a job for a
# helper or an editor, so newcomers are stopped with an explanation.

KEEP_PUBLICATION_MESSAGES = {
    "newsletter": gettext_lazy(
        "Your newsletter itself cannot be deleted, moved or taken offline from here: ask your helper or "
        "an editor. You can still change, publish or delete your own posts."
    ),
    "blog": gettext_lazy(
        "Your blog itself cannot be deleted, moved or taken offline from here: ask your helper or "
        "an editor. You can still change, publish or delete your own posts."
    ),
}


def protected_publication(user, pages):
    """The newcomer's own publication, if it is among ``pages`` (superusers are never stopped)."""
    record = newcomer(user)
    if record is None or record.publication_id is None:
        return None
    return record.publication if any(page.pk == record.publication_id for page in pages) else None


def keep_publication(request, pages):
    publication = protected_publication(request.user, pages)
    if publication is None:
        return None
    messages.error(
        request, KEEP_PUBLICATION_MESSAGES.get(publication.kind, KEEP_PUBLICATION_MESSAGES["blog"])
    )
    return redirect("handover_newcomers:welcome")


@hooks.register("before_delete_page")
def newcomers_keep_their_publication_on_delete(request, page):
    return keep_publication(request, [page])


@hooks.register("before_move_page")
def newcomers_keep_their_publication_on_move(request, page, destination):
    return keep_publication(request, [page])


@hooks.register("before_unpublish_page")
def newcomers_keep_their_publication_on_unpublish(request, page):
    return keep_publication(request, [page])


@hooks.register("before_bulk_action")
def newcomers_keep_their_publication_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move", "unpublish"}:
        return keep_publication(request, objects)
    return None
