"""Authors belong to a town: its organisers list, edit, delete and choose their own town's only.

An author's ``town_page`` is the top of the part of the page tree they write for: a town's home
page (own website or place in the network's site), or a newcomer's publication. Someone tied to
part of the tree (a town's organisers, ``cms.admin_viewsets.tree_scope``) sees the authors whose
page lies in the part they may edit, which is Wagtail's own page permission, so no new permission
system and no knowledge of the app that defines towns. Network admins (superusers) and editors
who may edit from the root see every author. An author with no page belongs to the whole network:
only those network-wide people edit it, and anyone may name it on a post.

Each view that opens one author refuses one outside the person's part (``TownAuthorsOnlyMixin``),
the listing, bulk actions and the snippet chooser read the same rule (``AuthorPermissionPolicy``),
and the post editor's author list offers the editor's own authors, the network's and those of the
town the post is in (``authors_for_post``).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from cms.admin_viewsets import in_editable_pages, tree_scope

from .models import Author


def sees_every_author(user):
    """Network admins, and people not tied to one part of the tree (editors from the root).

    Kept on the user object, so one request's listing asks the page permissions once, not per row.
    """
    if user.is_superuser:
        return True
    if not hasattr(user, "_sees_every_author"):
        user._sees_every_author = tree_scope(user) is None
    return user._sees_every_author


def authors_of(user, queryset=None):
    """The authors of ``queryset`` (every author by default) in this person's part of the network."""
    queryset = Author.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_every_author(user):
        return queryset
    return queryset.filter(in_editable_pages(user, "town_page"))


class AuthorPermissionPolicy(ModelPermissionPolicy):
    """The model permissions say what someone may do with authors; their town says which."""

    def __init__(self):
        super().__init__(Author)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Author.objects.none()
        return authors_of(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return authors_of(user, Author.objects.filter(pk=instance.pk)).exists()


author_permission_policy = AuthorPermissionPolicy()


class TownAuthorsOnlyMixin:
    """Refuse an author of another town on any view that opens one (ids are easy to guess)."""

    def get_object(self, *args, **kwargs):
        author = super().get_object(*args, **kwargs)
        if not authors_of(self.request.user, Author.objects.filter(pk=author.pk)).exists():
            raise PermissionDenied
        return author


def town_authors_only(view_class):
    """``view_class`` refusing (403) an author outside the person's part of the network."""
    return type(f"TownAuthors{view_class.__name__}", (TownAuthorsOnlyMixin, view_class), {})


def town_choices_for(user):
    """The pages a person tied to part of the tree may file an author under: the tops of their part."""
    tops = tree_scope(user)
    return None if tops is None else Page.objects.filter(pk__in=[top.pk for top in tops]).order_by("path")


class AuthorForm(WagtailAdminModelForm):
    """Network-wide people choose any page (or none, for the whole network); a town's organisers
    choose among the tops of their own part of the tree, their town being the first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser or "town_page" not in self.fields:
            return
        pages = town_choices_for(user)
        if pages is None:
            return
        self.fields["town_page"] = forms.ModelChoiceField(
            queryset=pages,
            label=gettext_lazy("town"),
            help_text=gettext_lazy("The town whose organisers look after this author."),
            empty_label=None,
        )
        if self.instance.town_page_id is None:
            self.initial["town_page"] = pages.first().pk if pages.exists() else None


def scoped_chooser_view(base):
    class View(base):
        def get_object_list(self):
            return authors_of(self.request.user, super().get_object_list())

    View.__name__ = f"TownAuthors{base.__name__}"
    return View


class ChosenAuthor(SnippetChosenView):
    def get_object(self, pk):
        return authors_of(self.request.user).get(pk=pk)


class ChosenAuthors(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return authors_of(self.request.user, super().get_objects(pks))


class AuthorChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser (used by StreamField blocks and custom panels): own town's authors only."""

    choose_view_class = scoped_chooser_view(ChooseView)
    choose_results_view_class = scoped_chooser_view(ChooseResultsView)
    chosen_view_class = ChosenAuthor
    chosen_multiple_view_class = ChosenAuthors


def authors_for_post(user, parent_page=None, chosen=()):
    """The authors a post's editor may name: their own part's, the whole network's (no page), those
    of the town the post is in (filed on a page above it) and the ones already on the post."""
    if user is None or sees_every_author(user):
        return Author.objects.all()
    wanted = in_editable_pages(user, "town_page") | Q(town_page__isnull=True) | Q(pk__in=list(chosen))
    if parent_page is not None and parent_page.path:
        above = [
            parent_page.path[:end] for end in range(Page.steplen, len(parent_page.path) + 1, Page.steplen)
        ]
        wanted |= Q(town_page__path__in=above)
    return Author.objects.filter(wanted)
