"""Admin pieces of the home app: facilities as snippets, room-hire enquiries for centre editors."""

from django.core.cache import cache
from django.utils.translation import gettext

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.mail import SENDER_HOOK
from fediverse.actors import ACTOR_KINDS_HOOK, Kind
from newsletters.queries import posts_below
from surgeries.labels import ROLE_LABELS_HOOK
from surgeries.models import Role

from .models import Facility, PlacePage, RoomHireEnquiry, SiteSettings
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
    return RoomHireEnquiryViewSet("home_enquiries", url_prefix="room_hire_enquiries")


@hooks.register(ROLE_LABELS_HOOK)
def surgery_role_labels(site, request):
    """The site's own words for people who come for help and people who give it."""
    site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(site)
    return {Role.ATTEND: site_settings.attendee_label, Role.HELP: site_settings.helper_label}


@hooks.register(SENDER_HOOK)
def site_sender_email(site_id):
    """The address a town's mail comes from (Settings > Site settings), from the settings' cache when
    it holds them; "" when the Site has none."""
    cached = cache.get(SiteSettings.cache_key(site_id))
    if cached is not None:
        return cached.sender_email
    return SiteSettings.objects.filter(site_id=site_id).values_list("sender_email", flat=True).first() or ""


@hooks.register("register_admin_urls")
def register_personal_data_export_url():
    from django.urls import include, path

    from .data_export import export_personal_data

    urls = [path("", export_personal_data, name="export")]
    return [path("personal-data/", include((urls, "home_personal_data")))]


@hooks.register("register_settings_menu_item")
def register_personal_data_export_menu_item():
    from django.urls import reverse

    from wagtail.admin.menu import MenuItem

    from .data_export import can_export

    class ExportMenuItem(MenuItem):
        def is_shown(self, request):
            return can_export(request.user)

    return ExportMenuItem(
        "Export someone's data", reverse("home_personal_data:export"), icon_name="download", order=900
    )


@hooks.register("register_permissions")
def register_personal_data_export_permission():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    enquiry_type = ContentType.objects.get_for_model(RoomHireEnquiry)
    return Permission.objects.filter(content_type=enquiry_type, codename="export_personal_data")


@hooks.register("register_log_actions")
def register_personal_data_export_log_action(actions):
    from wagtail.log_actions import LogFormatter

    from .data_export import LOG_ACTION, describe_export

    @actions.register_action(LOG_ACTION)
    class PersonalDataExported(LogFormatter):
        label = "Export personal data"

        def format_message(self, log_entry):
            return describe_export(log_entry)


@hooks.register("before_serve_page")
def keep_centre_pages_briefly(page, request, serve_args, serve_kwargs):
    """Shared caches keep a centre page for minutes, since "open now" changes with the clock."""
    from .front_cache import limit_centre_lifetime

    limit_centre_lifetime(page, request, serve_args, serve_kwargs)


@hooks.register("register_admin_urls")
def register_town_urls():
    from django.urls import include, path

    from .town_admin import add_town, town_index

    urls = [path("", town_index, name="index"), path("add/", add_town, name="add")]
    return [path("towns/", include((urls, "home_towns")))]


@hooks.register("register_settings_menu_item")
def register_towns_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from wagtail.admin.menu import MenuItem

    from .town_admin import can_add_towns

    class TownsMenuItem(MenuItem):
        def is_shown(self, request):
            return can_add_towns(request.user)

    return TownsMenuItem(gettext_lazy("Towns"), reverse("home_towns:index"), icon_name="site", order=150)


@hooks.register("register_permissions")
def register_add_town_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="home", codename="add_town")


def keep_town_homes(request, pages):
    """Organisers may delete or move pages in their town, but not the town's home itself.

    Deleting it would take the town (and its record) with it; network admins remove a town
    with ``manage.py remove_town``, which can be undone.
    """
    from django.contrib import messages
    from django.shortcuts import redirect

    from .models import Town

    if request.user.is_superuser:
        return None
    home = next((page for page in pages if Town.objects.filter(root_page_id=page.pk).exists()), None)
    if home is None:
        return None
    messages.error(request, "This is a town's home page: ask a network admin to remove the town instead.")
    return redirect("wagtailadmin_explore", home.pk)


@hooks.register("before_delete_page")
def towns_keep_their_home_on_delete(request, page):
    return keep_town_homes(request, [page])


@hooks.register("before_move_page")
def towns_keep_their_home_on_move(request, page, destination):
    return keep_town_homes(request, [page])


@hooks.register("before_bulk_action")
def towns_keep_their_home_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move"}:
        return keep_town_homes(request, objects)
    return None


@hooks.register("after_edit_page")
def recheck_digest_issue_email(request, page):
    """A drafted place digest's email warnings follow the editor's changes (home.digests)."""
    from .digests import recheck_draft

    recheck_draft(page)


def places_above(post):
    """The live, public places above a post, in its language: their followers hear of it."""
    return (
        PlacePage.objects.ancestor_of(post).live().public().filter(locale_id=post.locale_id).order_by("path")
    )


@hooks.register(ACTOR_KINDS_HOOK)
def place_actors():
    """Each place's news is a fediverse actor (@place-slug@host): every post of every publication
    in the place and the places below it, as on its news feed. A publication of the same slug on
    the same Site keeps the handle (see fediverse.actors)."""
    return Kind(
        model=PlacePage,
        segment="places",
        posts=posts_below,
        pages_for_post=places_above,
        name=lambda place: gettext("News from %(place)s") % {"place": place.title},
    )
