"""Room-hire enquiries in the Wagtail admin, for the people who look after each centre.

Who may see an enquiry follows the page tree: anyone who can edit a centre's page
(directly, or through a place above it) sees and updates that centre's enquiries,
and no one else's. No extra permission to set up.
"""

from django.utils.translation import gettext_lazy

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cms.admin_menu import MENU_ORDER
from cms.admin_viewsets import InstancePermissionMixin, ParentPagePermissionPolicy
from cms.spreadsheets import SpreadsheetSafeExportMixin

from .models import CommunityCentrePage, RoomHireEnquiry


class CentreEnquiryPermissionPolicy(ParentPagePermissionPolicy):
    """Enquiries belong to whoever can edit the centre's page. They are only ever created by
    residents through the public form, so editors may view, change and delete them."""

    page_model = CommunityCentrePage
    page_field = "centre"
    actions = frozenset({"view", "change", "delete"})


enquiry_permission_policy = CentreEnquiryPermissionPolicy(RoomHireEnquiry)


class EnquiryIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return (
            enquiry_permission_policy.instances_user_has_permission_for(self.request.user, "view")
            .select_related("centre")
            .order_by("-created_at", "-pk")
        )


class EnquiryEditView(InstancePermissionMixin, generic.EditView):
    pass


class EnquiryInspectView(InstancePermissionMixin, generic.InspectView):
    pass


class EnquiryDeleteView(InstancePermissionMixin, generic.DeleteView):
    pass


class EnquiryHistoryView(InstancePermissionMixin, generic.history.HistoryView):
    pass


class EnquiryUsageView(InstancePermissionMixin, generic.usage.UsageView):
    pass


class RoomHireEnquiryViewSet(ModelViewSet):
    model = RoomHireEnquiry
    icon = "mail"
    menu_label = gettext_lazy("Room-hire enquiries")
    menu_name = "room-hire-enquiries"
    menu_order = MENU_ORDER["room-hire-enquiries"]
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EnquiryIndexView
    edit_view_class = EnquiryEditView
    inspect_view_class = EnquiryInspectView
    delete_view_class = EnquiryDeleteView
    history_view_class = EnquiryHistoryView
    usage_view_class = EnquiryUsageView
    list_display = [
        "name",
        Column("centre", label=gettext_lazy("Centre"), accessor="centre"),
        "room_name",
        DateColumn("date", label=gettext_lazy("Date wanted")),
        "status",
        DateColumn("created_at", label=gettext_lazy("Received")),
    ]
    list_filter = ["status", "hirer_kind"]
    search_fields = ["name", "email", "room_name", "purpose"]
    list_export = [
        "created_at",
        "centre",
        "room_name",
        "date",
        "starts_at",
        "ends_at",
        "get_hirer_kind_display",
        "attendees",
        "purpose",
        "name",
        "email",
        "phone",
        "get_status_display",
        "notes",
    ]
    # The download keeps the headings spreadsheets were set up with, whatever the admin's labels say.
    export_headings = {
        "created_at": "Created at",
        "centre": "Centre",
        "room_name": "Room name",
        "date": "Date",
        "starts_at": "Starts at",
        "ends_at": "Ends at",
        "get_hirer_kind_display": "Who is hiring",
        "attendees": "Attendees",
        "purpose": "Purpose",
        "name": "Name",
        "email": "Email",
        "phone": "Phone",
        "get_status_display": "Status",
        "notes": "Notes",
    }
    export_filename = "room-hire-enquiries"
    form_fields = ["status", "notes"]
    inspect_view_fields = [
        "centre",
        "room_name",
        "date",
        "starts_at",
        "ends_at",
        "hirer_kind",
        "attendees",
        "purpose",
        "name",
        "email",
        "phone",
        "status",
        "notes",
        "created_at",
        "emailed_at",
    ]
