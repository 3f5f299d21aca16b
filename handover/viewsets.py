"""The helpers' log in the admin: listed per surgery and per helper, with what happened since.

Helpers and site administrators work across the network and see every entry. A town's
organisers keep the log too (add_town gives them its permissions), but see only their
town's entries: help given at a surgery in their part of the page tree, or, away from a
surgery, for a publication there, and help they gave themselves (``HelpLogPermissionPolicy``).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

import django_filters

from cms.admin_menu import MENU_ORDER
from cms.admin_viewsets import in_editable_pages
from cms.spreadsheets import SpreadsheetSafeExportMixin

from .models import HelpRecord
from .permissions import can_set_up_newcomers, may_manage_invitation
from .queries import with_since_figures


class HelpLogPermissionPolicy(ModelPermissionPolicy):
    """Keeping the log takes the model permissions; which entries follows the page tree (see above)."""

    def __init__(self):
        super().__init__(HelpRecord)

    def sees_whole_network(self, user):
        return user.is_superuser or can_set_up_newcomers(user)

    def scoped(self, queryset, user):
        """The entries of ``queryset`` this person may see (given they may keep the log at all)."""
        if self.sees_whole_network(user):
            return queryset
        return queryset.filter(
            Q(helper=user)
            | in_editable_pages(user, "surgery")
            | (Q(surgery__isnull=True) & in_editable_pages(user, "publication"))
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return HelpRecord.objects.none()
        return self.scoped(HelpRecord.objects.all(), user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return self.scoped(HelpRecord.objects.filter(pk=instance.pk), user).exists()


help_log_permission_policy = HelpLogPermissionPolicy()


class HelpLogFilterSet(WagtailFilterSet):
    helper = django_filters.ModelChoiceFilter(label=_("Helper"), queryset=get_user_model().objects.none())
    surgery = django_filters.ModelChoiceFilter(
        label=_("Surgery"), queryset=HelpRecord._meta.get_field("surgery").related_model.objects.none()
    )

    class Meta:
        model = HelpRecord
        fields = ["surgery", "helper", "created_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the helpers and surgeries of entries this person may see, evaluated per request
        # so new helpers appear (a town's organisers never see the names of another town's).
        user = request.user if request is not None else None
        records = (
            help_log_permission_policy.instances_user_has_permission_for(user, "view")
            if user is not None
            else HelpRecord.objects.none()
        )
        self.filters["helper"].queryset = (
            get_user_model()
            .objects.filter(pk__in=records.filter(helper__isnull=False).values("helper"))
            .order_by("first_name")
        )
        self.filters["surgery"].queryset = (
            self.filters["surgery"]
            .queryset.model.objects.filter(pk__in=records.filter(surgery__isnull=False).values("surgery"))
            .order_by("-starts_at")
        )


def helper_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class HelpLogIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return with_since_figures(
            help_log_permission_policy.scoped(super().get_base_queryset(), self.request.user)
        )

    def get_list_more_buttons(self, instance):
        """Records that made an account offer their invitation to the helper who set it up."""
        buttons = list(super().get_list_more_buttons(instance))
        if instance.newcomer_id and may_manage_invitation(self.request.user, instance):
            url = reverse("handover_newcomers:handed_over", args=[instance.pk])
            buttons.append(MenuItem(_("Invitation link"), url=url, icon_name="mail", priority=5))
        return buttons


class OwnEntriesOnlyMixin:
    """Refuse an entry from another town (ids are easy to guess), and offer only their own surgeries."""

    def get_object(self, *args, **kwargs):
        record = super().get_object(*args, **kwargs)
        if not help_log_permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["view", "change", "delete"], record
        ):
            raise PermissionDenied
        return record


class ScopedChoicesMixin:
    """The helper list of the add and edit forms names only people this person may see in the log."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        user = self.request.user
        if "helper" in form.fields and not help_log_permission_policy.sees_whole_network(user):
            records = help_log_permission_policy.scoped(HelpRecord.objects.all(), user)
            form.fields["helper"].queryset = get_user_model().objects.filter(
                Q(pk=user.pk) | Q(pk__in=records.filter(helper__isnull=False).values("helper"))
            )
        return form


class HelpLogCreateView(ScopedChoicesMixin, generic.CreateView):
    pass


class HelpLogEditView(OwnEntriesOnlyMixin, ScopedChoicesMixin, generic.EditView):
    pass


class HelpLogDeleteView(OwnEntriesOnlyMixin, generic.DeleteView):
    pass


class HelpLogHistoryView(OwnEntriesOnlyMixin, generic.history.HistoryView):
    pass


class HelpLogUsageView(OwnEntriesOnlyMixin, generic.usage.UsageView):
    pass


class HelpLogViewSet(ModelViewSet):
    model = HelpRecord
    icon = "list-ul"
    menu_label = _("Help log")
    menu_name = "help-log"
    menu_order = MENU_ORDER["help-log"]
    add_to_admin_menu = True
    index_view_class = HelpLogIndexView
    add_view_class = HelpLogCreateView
    edit_view_class = HelpLogEditView
    delete_view_class = HelpLogDeleteView
    history_view_class = HelpLogHistoryView
    usage_view_class = HelpLogUsageView
    filterset_class = HelpLogFilterSet
    search_fields = ["helped_name", "group_name", "notes"]
    search_backend_name = None
    list_display = [
        # The first column links to the entry; its heading and the next two are the model fields' names.
        "helped_name",
        "group_name",
        "surgery",
        Column("helper", label=_("Helper"), accessor=lambda record: helper_name(record.helper)),
        Column("since", label=_("Since"), accessor=lambda record: record.since_summary()),
        DateColumn("created_at", label=_("Date")),
    ]
    list_export = ["helped_name", "group_name", "surgery", "helper", "link", "created_at"]
    export_headings = {
        "helped_name": _("Who was helped"),
        "group_name": _("Their group"),
        "surgery": _("Surgery"),
        "helper": _("Helper"),
        "link": _("Link"),
        "created_at": _("Date"),
    }
    ordering = ["-created_at", "-pk"]


help_log_viewset = HelpLogViewSet("handover_help_log", url_prefix="help_log")
