"""Admin pieces of the home app: facilities as snippets, room-hire enquiries for centre editors."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Facility, RoomHireEnquiry
from .viewsets import RoomHireEnquiryViewSet, enquiry_permission_policy

register_permission_policy(RoomHireEnquiry, enquiry_permission_policy)


class FacilityViewSet(SnippetViewSet):
    model = Facility
    icon = "tick-inverse"
    menu_label = "Centre facilities"
    list_display = ["name", "description"]


register_snippet(FacilityViewSet)


@hooks.register("register_admin_viewset")
def register_room_hire_enquiries():
    return RoomHireEnquiryViewSet("room_hire_enquiries")
