"""A ModelViewSet for records that people look at but never add, edit or delete in the admin.

Bookings and sign-ups are made by residents on the public site and changed only
through their own screens (approve, check in, erase), so their viewsets route the
listing (with filters, search, paging and export) and the inspect page, nothing else.
"""

from django.urls import path

from wagtail.admin.viewsets.model import ModelViewSet


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
