"""Admin pieces of the home app: facilities as snippets, room-hire enquiries for centre editors."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from surgeries.labels import ROLE_LABELS_HOOK
from surgeries.models import Role

from .models import Facility, RoomHireEnquiry, SiteSettings
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


@hooks.register(ROLE_LABELS_HOOK)
def surgery_role_labels(site, request):
    """The site's own words for people who come for help and people who give it."""
    site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(site)
    return {Role.ATTEND: site_settings.attendee_label, Role.HELP: site_settings.helper_label}
