from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.admin_viewsets import ListingOnlyModelViewSet

from .models import UnmatchedSearch


class UnmatchedSearchViewSet(ListingOnlyModelViewSet):
    """Searches residents made that found nothing: ideas for pages, or for promoted results."""

    model = UnmatchedSearch
    icon = "search"
    menu_label = _("Searches with no results")
    menu_hook = "register_reports_menu_item"  # listed under Reports
    list_display = ["query_string", "language_code", "hits", "last_searched_at"]
    list_filter = ["language_code"]
    search_fields = ["query_string"]
    ordering = ["-hits", "-last_searched_at"]
    inspect_view_fields = ["query_string", "language_code", "hits", "last_searched_at"]


@hooks.register("register_admin_viewset")
def register_unmatched_searches():
    return UnmatchedSearchViewSet("unmatched_searches")
