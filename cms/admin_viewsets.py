"""Shared pieces of our admin viewsets: a listing-only ModelViewSet, and the town scope.

Bookings and sign-ups are made by residents on the public site and changed only
through their own screens (approve, check in, erase), so their viewsets route the
listing (with filters, search, paging and export) and the inspect page, nothing else.

The town scope: records that are not pages (bookings, help-log entries, subscribers,
enquiries) belong to a page (the surgery, the newsletter, the centre), and the page tree
is the geography. A record is in someone's part of the network when its page lies under
a page they may edit, which is Wagtail's own page permission: a town's organisers edit
their town's subtree, so they see their town's records and no other's. Superusers (network
admins) see everything. No new permission system.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy


def editable_pages(user):
    """The pages this person may edit: their part of the tree (every page, for superusers)."""
    return PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")


def in_editable_pages(user, *page_fields):
    """A filter for rows whose page (at any of ``page_fields``) lies in this person's part of the tree.

    Callers let superusers through first; this is for everyone else.
    """
    pages = editable_pages(user).values("pk")
    return reduce(or_, (Q(**{f"{field}__in": pages}) for field in page_fields))


def tree_scope(user):
    """The tops of this person's part of the tree (pages their groups may edit, and so everything
    below), or None when they are not tied to a part: superusers, people who may edit from the tree's
    root, and people with no page permissions at all (e.g. someone given only a network-wide report)."""
    if user.is_superuser:
        return None
    tops = list(
        Page.objects.filter(
            group_permissions__group__user=user, group_permissions__permission__codename="change_page"
        )
        .distinct()
        .order_by("path")
    )
    if not tops or any(page.depth == 1 for page in tops):
        return None
    return [page for page in tops if not any(page.path.startswith(top.path) and page != top for top in tops)]


def scoped_to_editable_pages(queryset, user, *page_fields):
    """Only the rows of ``queryset`` in this person's part of the tree; all of them for superusers."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(in_editable_pages(user, *page_fields))


class ParentPagePermissionPolicy(BasePermissionPolicy):
    """Records that belong to whoever may edit the page they hang off, for ``actions`` only.

    A centre's room-hire enquiries are for the centre page's editors, a newsletter's subscribers
    for the newsletter page's: Wagtail's page permissions decide, as for the page itself (a
    superuser may edit every page). Subclasses name the page model and the record's foreign key
    to it, and may narrow ``pages_for`` (e.g. to newsletters that are emailed).
    """

    page_model = None  # the page class the records hang off
    page_field = None  # the records' foreign key to it
    actions = frozenset({"view"})

    def __init__(self, model):
        super().__init__(model)
        self.page_policy = PagePermissionPolicy(self.page_model)

    def pages_for(self, user):
        """The pages whose records this person may see."""
        return self.page_policy.instances_user_has_permission_for(user, "change")

    def user_has_permission(self, user, action):
        if action not in self.actions or not user.is_active:
            return False
        return user.is_superuser or self.pages_for(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in self.actions or not user.is_active:
            return False
        return self.page_policy.user_has_permission_for_instance(
            user, "change", getattr(instance, self.page_field)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.actions.intersection(actions) or not user.is_active:
            return self.model.objects.none()
        return self.model.objects.filter(**{f"{self.page_field}__in": self.pages_for(user).values("pk")})

    def users_with_any_permission(self, actions):
        return self.page_policy.users_with_permission("change")

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.page_policy.users_with_permission_for_instance(
            "change", getattr(instance, self.page_field)
        )


class InstancePermissionMixin:
    """For a generic view with one object: refuse (403) an object the view's permission policy
    does not let this person see. Ids are easy to guess; the listing's scope alone does not stop
    someone typing another centre's or newsletter's record into the address bar."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "view", instance):
            raise PermissionDenied
        return instance


class ListingOnlyModelViewSet(ModelViewSet):
    copy_view_enabled = False
    inspect_view_enabled = True
    # Nothing links to a booking or a sign-up, and they link only to their page: indexing them
    # would write reference rows on every public sign-up and booking, with no "used by" to show.
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        unrouted = dict.fromkeys(
            ("history_url_name", "usage_url_name", "add_url_name", "edit_url_name", "delete_url_name")
        )
        return super().get_common_view_kwargs(**{**unrouted, **kwargs})

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]


def explained_refusal(template_name, title=None):
    """A view decorator: PermissionDenied becomes a 403 page saying why and whom to ask.

    Wagtail's admin answers a refusal by sending the person to the dashboard with a short
    message; our own admin screens (export, import, sending, subscribers) say instead what the
    action needs. ``template_name`` extends ``wagtailadmin/generic/base.html`` with the reason.
    """
    from functools import wraps

    from django.core.exceptions import PermissionDenied
    from django.template.response import TemplateResponse
    from django.utils.translation import gettext

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                context = {"page_title": title or gettext("You may not do this"), "header_icon": "warning"}
                return TemplateResponse(request, template_name, context, status=403)

        return wrapper

    return decorate
