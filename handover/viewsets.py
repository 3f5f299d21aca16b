"""The helpers' log in the admin: listed per surgery and per helper, with what happened since."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from cms.admin_menu import MENU_ORDER
from cms.spreadsheets import SpreadsheetSafeExportMixin

from .models import HelpRecord
from .permissions import may_manage_invitation
from .queries import with_since_figures


class HelpLogFilterSet(WagtailFilterSet):
    helper = django_filters.ModelChoiceFilter(
        label=_("Helper"),
        queryset=get_user_model().objects.filter(help_given__isnull=False).distinct().order_by("first_name"),
    )

    class Meta:
        model = HelpRecord
        fields = ["surgery", "helper", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request, so new helpers appear.
        self.filters["helper"].queryset = self.filters["helper"].queryset.all()


def helper_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class HelpLogIndexView(SpreadsheetSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return with_since_figures(super().get_base_queryset())

    def get_list_more_buttons(self, instance):
        """Records that made an account offer their invitation to the helper who set it up."""
        buttons = list(super().get_list_more_buttons(instance))
        if instance.newcomer_id and may_manage_invitation(self.request.user, instance):
            url = reverse("handover_newcomers:handed_over", args=[instance.pk])
            buttons.append(MenuItem(_("Invitation link"), url=url, icon_name="mail", priority=5))
        return buttons


class HelpLogViewSet(ModelViewSet):
    model = HelpRecord
    icon = "list-ul"
    menu_label = _("Help log")
    menu_name = "help-log"
    menu_order = MENU_ORDER["help-log"]
    add_to_admin_menu = True
    index_view_class = HelpLogIndexView
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
