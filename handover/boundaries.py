"""Keeping newcomers inside their own section of the admin.

A newcomer's rights are a Wagtail page permission on their publication and a
collection for their pictures. Wagtail honours those on its main screens, but a
few admin views show things to anyone who may use the admin at all:

- the admin API's image and document listings list every file on the site
  (fixed for everyone: they now list only what the person may choose, as the
  choosers do);
- the page chooser shows the page it is opened on, and "chosen" answers with
  any page's title, whatever the chooser hook allows;
- bulk-action confirmation screens name every page asked about, including the
  ones the person may not touch;
- the reports (page types, site history, ...) show other groups' draft titles
  and the names of everyone who has edited anything.

The page types report counts the whole network and names the latest page of each type in
any town, so it is refused to a town's organisers too (anyone tied to part of the tree).
The page chooser is kept to a town's organisers' own part of the tree the same way as to a
newcomer's: one rule (``choosable_pages``) for the chooser hook, the page it is opened on and
"chosen". The admin's page search and the admin API list only the pages a person may explore,
which Wagtail works out from the same page permissions.

Wagtail has no hook for the last three before a screen is drawn, so a small
middleware refuses them to newcomers: pages that are neither published nor in
their own publication are "not found", bulk actions on anything outside their
section and every report are "not allowed". Helpers, editors and
administrators are never affected.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.chooser import page_models_from_string
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cms.admin_viewsets import tree_scope

from .permissions import newcomer

# Wagtail reports that read the whole tree instead of the pages the person may edit.
WHOLE_TREE_REPORTS = {"page_types_usage"}
# The page chooser's views that name pages by id: the start, the page it is opened on, "chosen".
PAGE_CHOOSER_VIEWS = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_chosen_multiple",
}


class ChoosableOnly:
    """An admin API listing of only the files the person could pick in the chooser."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ChoosableImagesAdminAPIViewSet(ChoosableOnly, ImagesAdminAPIViewSet):
    model = get_image_model()


class ChoosableDocumentsAdminAPIViewSet(ChoosableOnly, DocumentsAdminAPIViewSet):
    model = get_document_model()


def newcomer_section(user):
    """The newcomer's own publication, or None for everyone else (superusers included)."""
    record = newcomer(user)
    return record.publication if record is not None else None


def pages_a_newcomer_may_see(publication):
    """Published pages (anyone can read them) and everything in their own publication."""
    return Q(live=True) | Q(path__startswith=publication.path)


def pages_in_part_of_tree(tops):
    """The pages below ``tops`` (a town's organisers' part of the tree) and the pages above them,
    so the chooser can be walked down from the root to their part; nothing of another town."""
    ancestors = {
        top.path[:length] for top in tops for length in range(Page.steplen, len(top.path), Page.steplen)
    }
    inside = Q(path__in=ancestors)
    for top in tops:
        inside |= Q(path__startswith=top.path)
    return inside


def choosable_pages(user):
    """Which pages the page chooser (browse, search, "chosen") shows this person, or None for all.

    Newcomers: published pages and their own publication. Someone tied to part of the tree (a
    town's organisers, ``tree_scope``): that part only, drafts and published pages alike, and the
    pages above it. Superusers, network-wide editors and helpers: every page.
    """
    publication = newcomer_section(user)
    if publication is not None:
        return pages_a_newcomer_may_see(publication)
    if not user.is_authenticated:
        return None
    tops = tree_scope(user)
    return pages_in_part_of_tree(tops) if tops is not None else None


def ids_in(values):
    # isdecimal() and isascii() together: "²" passes isdigit() but is no page id.
    return [int(value) for value in values if str(value).isascii() and str(value).isdecimal()]


def page_chooser_boundary(request, choosable, view_kwargs):
    """The page a chooser opens on, and pages reported as chosen, must be ones they may see."""
    ids = ids_in([view_kwargs["parent_page_id"]] if "parent_page_id" in view_kwargs else [])
    ids += ids_in(request.GET.getlist("id"))
    hidden = Page.objects.filter(pk__in=ids).exclude(choosable)
    if hidden.exists():
        raise Http404("No page matches the given query.")


def page_chooser_start(request, choosable):
    """Opened for one page type, the chooser starts at the page above every page of that type in
    the network, which may lie in another town (and its title would show): start instead at the
    page above those this person may choose."""
    try:
        desired = page_models_from_string(request.GET.get("page_type") or "wagtailcore.page")
    except (ValueError, LookupError):
        return None  # the chooser answers "not found" itself
    if desired == (Page,):
        return None  # it opens on the root, whose children the chooser hook filters
    everywhere = Page.objects.type(*desired)
    if (
        not everywhere.exists()
        or Page.objects.filter(choosable, pk=everywhere.first_common_ancestor().pk).exists()
    ):
        return None
    theirs = everywhere.filter(choosable)
    start = theirs.first_common_ancestor() if theirs.exists() else Page.get_first_root_node()
    url = reverse("wagtailadmin_choose_page_child", args=[start.pk])
    return redirect(f"{url}?{request.GET.urlencode()}")


def bulk_action_boundary(request, publication, view_kwargs):
    """Bulk actions only on pages in their own publication (and pictures in their own folder)."""
    app_label, model_name = view_kwargs["app_label"], view_kwargs["model_name"]
    ids = request.GET.getlist("id")
    if app_label == "wagtailcore" and model_name == "page":
        if "all" in ids:
            ids = [request.GET.get("childOf", "")]
        ids = ids_in(ids)
        own = Page.objects.filter(pk__in=ids, path__startswith=publication.path).count()
        return own == len(set(ids))
    image_model = get_image_model()
    if (app_label, model_name) == (image_model._meta.app_label, image_model._meta.model_name):
        if "all" in ids:
            return False
        ids = ids_in(ids)
        policy = policy_registry.get_by_type(image_model)
        changeable = policy.instances_user_has_any_permission_for(request.user, ["change"])
        return changeable.filter(pk__in=ids).count() == len(set(ids))
    return False


class NewcomerBoundaryMiddleware:
    """Refuses newcomers the few admin views that show other groups' pages, files or people."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.path.startswith(admin_prefix()):
            return None
        # The page types report counts every page of the network and names the last one edited
        # of each type, whatever town it is in: not for anyone tied to their own part of the tree.
        if (
            match.url_name in WHOLE_TREE_REPORTS
            and "wagtailadmin_reports" in match.namespaces
            and request.user.is_authenticated
            and tree_scope(request.user) is not None
        ):
            return permission_denied(request)
        if match.url_name in PAGE_CHOOSER_VIEWS and request.user.is_authenticated:
            choosable = choosable_pages(request.user)
            if choosable is not None:
                page_chooser_boundary(request, choosable, view_kwargs)
                if match.url_name == "wagtailadmin_choose_page":
                    return page_chooser_start(request, choosable)
        publication = newcomer_section(request.user)
        if publication is None:
            return None
        if "wagtailadmin_reports" in match.namespaces:
            return permission_denied(request)
        if match.url_name == "wagtail_bulk_action" and not bulk_action_boundary(
            request, publication, view_kwargs
        ):
            return permission_denied(request)
        return None


def admin_prefix():
    return reverse("wagtailadmin_home")
