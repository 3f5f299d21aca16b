"""The organisers' list of helpers who offered, through the network's form, to help in their towns."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .network_helpers import helpers_for, may_list_helpers


class NetworkHelpersView(WagtailAdminTemplateMixin, TemplateView):
    """Confirmed helpers who chose one of this person's towns (every one, for network admins)."""

    template_name = "surgeries/admin/network_helpers.html"
    page_title = gettext_lazy("Helpers across the network")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_list_helpers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["helpers"] = helpers_for(self.request.user)[:500]
        return context
