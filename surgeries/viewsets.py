"""Surgery bookings in the Wagtail admin, on the house's ModelViewSet pattern (listing only).

/admin/surgeries/ lists the surgeries a person organises (with their counts) and
every booking for them, filtered, searched, paged and downloadable. Each surgery
keeps its own page for the day: counts, held seats, approving, check-in, walk-ins.

Who sees bookers' details: a surgery's organisers, site administrators (superusers) and,
with the booking permission, a town's organisers for the surgeries in their part of the
page tree, through ``BookingPermissionPolicy``. Editors of a surgery page who are none of
these see its counts only; anyone else sees nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.coreutils import multigetattr
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

import django_filters

from cms.admin_menu import MENU_ORDER
from cms.admin_viewsets import ListingOnlyModelViewSet
from cms.spreadsheets import SpreadsheetSafeExportMixin

from . import admin_views
from .models import Booking, BookingStatus, Role, SurgeryPage

# Bookings are made by residents and changed only through the organisers' own
# actions (approve, decline, check in), so the policy grants nothing but "view".
VIEW = "view"


class BookingPermissionPolicy(BasePermissionPolicy):
    """A booking is for the organisers of its surgery and for site administrators."""

    def __init__(self):
        super().__init__(Booking)

    def user_has_permission(self, user, action):
        if action != VIEW or not user.is_active:
            return False
        # Administrators see the bookings screen before there is any surgery to book.
        return user.is_superuser or admin_views.surgeries_with_bookers_for(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if action != VIEW or not user.is_active:
            return False
        return admin_views.can_see_bookers(user, instance.surgery)

    def instances_user_has_any_permission_for(self, user, actions):
        if VIEW not in actions or not user.is_active:
            return Booking.objects.none()
        if user.is_superuser:
            return Booking.objects.all()
        return Booking.objects.filter(surgery__in=admin_views.surgeries_with_bookers_for(user).values("pk"))

    def users_with_any_permission(self, actions):
        if VIEW not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(organised_surgeries__isnull=False)
                | Q(pk__in=users_with_booking_permission().values("pk"))
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        if VIEW not in actions:
            return get_user_model().objects.none()
        editors = PagePermissionPolicy(SurgeryPage).users_with_permission_for_instance(
            "change", instance.surgery
        )
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(organised_surgeries=instance.surgery_id)
                | Q(pk__in=users_with_booking_permission().filter(pk__in=editors.values("pk")).values("pk"))
            )
            .distinct()
        )


def users_with_booking_permission():
    app_label, codename = admin_views.BOOKING_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return get_user_model().objects.filter(
        Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    )


booking_permission_policy = BookingPermissionPolicy()


class BookingFilterSet(WagtailFilterSet):
    surgery = django_filters.ModelChoiceFilter(label=_("Surgery"), queryset=SurgeryPage.objects.none())
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("Everyone"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=BookingStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Booking
        fields = ["surgery", "role", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the surgeries whose bookers this person sees (every one, for administrators).
        user = request.user if request else None
        surgeries = SurgeryPage.objects.none()
        if user is not None:
            surgeries = admin_views.surgeries_with_bookers_for(user)
        self.filters["surgery"].queryset = surgeries.order_by("-starts_at")


def booker_name(booking):
    return booking.name or gettext("(details deleted)")


# Column headings and order of the spreadsheet organisers have always downloaded.
EXPORT_HEADINGS = {
    "name": _("Name"),
    "email": _("Email"),
    "get_role_display": _("Role"),
    "get_status_display": _("Status"),
    "organisation_name": _("Group"),
    "get_organisation_kind_display": _("Kind of group"),
    "topics_text": _("Topics"),
    "other_topic": _("Something else"),
    "can_offer": _("Can offer"),
    "walk_in_text": _("Walk-in"),
    "booked_at_text": _("Booked at"),
    "surgery": _("Surgery"),
}


class BookingIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    """The surgeries you organise, then every booking for them."""

    template_name = "surgeries/admin/booking_index.html"
    page_title = _("Surgery bookings")

    def get_base_queryset(self):
        return (
            booking_permission_policy.instances_user_has_permission_for(self.request.user, VIEW)
            .select_related("surgery")
            .with_topic_names()
        )

    def to_row_dict(self, item):
        extra = {
            "topics_text": "; ".join(item.topic_labels()),
            "walk_in_text": gettext("yes") if item.is_walk_in else "",
            "booked_at_text": timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M"),
            "surgery": item.surgery.title,
        }
        return {
            field: extra[field] if field in extra else multigetattr(item, field) for field in self.list_export
        }

    def get_filename(self):
        surgery = self.filtered_surgery()
        return f"{surgery.slug}-bookings" if surgery else "surgery-bookings"

    def filtered_surgery(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("surgery")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not (self.results_only or self.is_export):
            surgeries = admin_views.surgeries_for(self.request.user)
            now = timezone.now()
            context["upcoming"] = list(surgeries.filter(ends_at__gte=now).order_by("starts_at"))
            context["past"] = list(surgeries.filter(ends_at__lt=now)[:50])
        return context


class SurgeryExportView(BookingIndexView):
    """One surgery's bookings as a spreadsheet (with the role and status filters of its page)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = True  # every row, not one page of them

    def dispatch(self, request, surgery_id):
        self.surgery = admin_views.surgery_for(request, surgery_id, details=True)
        return super().dispatch(request)

    def get_base_queryset(self):
        return super().get_base_queryset().filter(surgery=self.surgery)

    def filtered_surgery(self):
        return self.surgery

    def render_to_response(self, context, **response_kwargs):
        return self.as_spreadsheet(context["object_list"], self.FORMAT_CSV)


class OwnSurgeriesOnlyMixin:
    """Refuse a booking of a surgery the person does not organise (ids are easy to guess)."""

    def get_object(self, *args, **kwargs):
        booking = super().get_object(*args, **kwargs)
        if not booking_permission_policy.user_has_permission_for_instance(self.request.user, VIEW, booking):
            raise PermissionDenied
        return booking


class BookingInspectView(OwnSurgeriesOnlyMixin, generic.InspectView):
    pass


class BookingViewSet(ListingOnlyModelViewSet):
    model = Booking
    icon = "group"
    menu_label = _("Surgery bookings")
    menu_name = "surgery-bookings"
    menu_order = MENU_ORDER["surgery-bookings"]
    add_to_admin_menu = True
    url_prefix = "surgeries"
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    filterset_class = BookingFilterSet
    search_fields = ["name", "email", "organisation_name", "other_topic", "can_offer"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-surgery__starts_at", "created_at", "pk"]
    list_display = [
        TitleColumn("name", label=_("Name"), accessor=booker_name),
        Column("email", label=_("Email")),
        Column("surgery", label=_("Surgery"), accessor="surgery.title"),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("organisation_name", label=_("Group")),
        DateColumn("created_at", label=_("Booked")),
    ]
    list_export = list(EXPORT_HEADINGS)
    export_headings = EXPORT_HEADINGS
    inspect_view_fields = [
        "surgery",
        "role",
        "status",
        "name",
        "email",
        "organisation_name",
        "organisation_kind",
        "other_topic",
        "can_offer",
        "decision_message",
        "is_walk_in",
        "created_at",
    ]

    def get_permissions_to_register(self):
        """None to tick in Groups: who sees bookings is set on each surgery page (its organisers)."""
        return Permission.objects.none()

    @property
    def surgery_export_view(self):
        return self.construct_view(SurgeryExportView, **self.get_index_view_kwargs())

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<id:surgery_id>/bookings/", admin_views.SurgeryBookingsView.as_view(), name="surgery"),
            path("<id:surgery_id>/bookings.csv", self.surgery_export_view, name="surgery_export"),
            path("<id:surgery_id>/walk-in/", admin_views.walk_in, name="walk_in"),
            path("booking/<id:booking_id>/decide/", admin_views.decide, name="decide"),
            path("booking/<id:booking_id>/check-in/", admin_views.check_in, name="check_in"),
        ]


booking_viewset = BookingViewSet("surgeries_bookings")
