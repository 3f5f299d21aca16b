"""One surgery's page for its organisers: who booked, decisions, check-in on the day, walk-ins.

Only a surgery's organisers and site administrators (superusers) see bookers'
names and details; so do people with the booking permission (a town's organisers,
given it by add_town) for the surgeries in their part of the page tree, i.e. under a
page they may edit. Editors who can edit the surgery page but are neither see the
counts only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.admin_viewsets import in_editable_pages

from . import bookings
from .forms import BookingFilterForm, DecisionForm, WalkInForm
from .labels import role_labels
from .models import Booking, BookingStatus, Role, SurgeryPage
from .queries import booking_counts

BOOKING_PERMISSION = "surgeries.view_booking"


def surgeries_with_bookers_for(user):
    """The surgeries whose bookers this person may see: every one for site administrators; the ones
    they organise; and, with the booking permission, the ones in their part of the page tree."""
    if not (user.is_authenticated and user.is_active):
        return SurgeryPage.objects.none()
    if user.is_superuser:
        return SurgeryPage.objects.all()
    scope = Q(pk__in=SurgeryPage.objects.filter(organisers=user).values("pk"))
    if user.has_perm(BOOKING_PERMISSION):
        scope |= in_editable_pages(user, "pk")
    return SurgeryPage.objects.filter(scope)


def can_see_bookers(user, surgery):
    """The people trusted with bookers' details (see ``surgeries_with_bookers_for``)."""
    if user.is_superuser or surgery.organisers.filter(pk=user.pk).exists():
        return user.is_active
    return (
        user.is_active and user.has_perm(BOOKING_PERMISSION) and surgery.permissions_for_user(user).can_edit()
    )


def can_view_bookings(user, surgery):
    """Anyone who may see the numbers: the above, and editors of the surgery page."""
    return can_see_bookers(user, surgery) or surgery.permissions_for_user(user).can_edit()


def surgeries_for(user):
    return (
        surgeries_with_bookers_for(user)
        .annotate(
            booked=Count(
                "bookings", filter=Q(bookings__status__in=[BookingStatus.BOOKED, BookingStatus.PENDING])
            ),
            # Seats taken by addresses not yet confirmed: they may be made up, and go back
            # to the waiting list if nobody confirms, so organisers count them apart.
            held=Count("bookings", filter=Q(bookings__status=BookingStatus.HELD)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        .order_by("-starts_at")
    )


def surgery_for(request, surgery_id, *, details):
    surgery = get_object_or_404(SurgeryPage.objects.select_related("venue"), pk=surgery_id)
    allowed = can_see_bookers if details else can_view_bookings
    if not allowed(request.user, surgery):
        raise PermissionDenied
    return surgery


class SurgeryBookingsView(WagtailAdminTemplateMixin, TemplateView):
    """Bookings for one surgery, filtered by role and status, with the organisers' actions."""

    template_name = "surgeries/admin/bookings.html"
    header_icon = "group"

    def dispatch(self, request, surgery_id):
        self.surgery = surgery_for(request, surgery_id, details=False)
        return super().dispatch(request, surgery_id)

    def get_page_title(self):
        return gettext("Bookings: %(surgery)s") % {"surgery": self.surgery.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surgeries_bookings:index"), "label": gettext("Surgery bookings")},
            {"url": "", "label": self.surgery.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surgery = self.surgery
        filters = BookingFilterForm(self.request.GET or None)
        context.update(
            surgery=surgery,
            filters=filters,
            labels=role_labels(surgery.get_site()),
            counts=self.count_rows(booking_counts(surgery)),
            can_see_bookers=can_see_bookers(self.request.user, surgery),
            decision_form=DecisionForm(),
            walk_in_form=WalkInForm(),
        )
        if context["can_see_bookers"]:
            bookings_list = surgery.bookings.with_topic_names()
            if filters.is_valid():
                if filters.cleaned_data["role"]:
                    bookings_list = bookings_list.filter(role=filters.cleaned_data["role"])
                if filters.cleaned_data["status"]:
                    bookings_list = bookings_list.filter(status=filters.cleaned_data["status"])
            context["bookings"] = bookings_list
            context["held"] = list(
                surgery.bookings.filter(status=BookingStatus.HELD).order_by("hold_expires_at")
            )
            context["csv_query"] = self.request.GET.urlencode()
        return context

    @staticmethod
    def count_rows(counts):
        """[(status label, attend count, help count)] for the statuses that have any."""
        rows = []
        for status, label in BookingStatus.choices:
            attend, help_ = counts.get((Role.ATTEND, status), 0), counts.get((Role.HELP, status), 0)
            if attend or help_:
                rows.append((label, attend, help_))
        return rows


def booking_for(request, booking_id):
    booking = get_object_or_404(Booking.objects.select_related("surgery"), pk=booking_id)
    if not can_see_bookers(request.user, booking.surgery):
        raise PermissionDenied
    return booking


def back_to_bookings(request, surgery):
    url = reverse("surgeries_bookings:surgery", args=[surgery.pk])
    query = request.POST.get("filters", "")
    return redirect(f"{url}?{query}" if query else url)


@require_POST
def decide(request, booking_id):
    """Approve or decline a booking, with an optional message emailed to the booker."""
    booking = booking_for(request, booking_id)
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        bookings.decide(booking.pk, approve, form.cleaned_data["message"])
        said = (
            gettext("%(name)s's booking is approved; we have emailed them.")
            if approve
            else gettext("%(name)s's booking is declined; we have emailed them.")
        )
        messages.success(request, said % {"name": booking.name})
    else:
        messages.error(request, gettext("The message is too long."))
    return back_to_bookings(request, booking.surgery)


@require_POST
def check_in(request, booking_id):
    """On the day: mark someone as having come, or not."""
    booking = booking_for(request, booking_id)
    status = request.POST.get("status")
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        messages.error(request, gettext("Choose 'came' or 'did not come'."))
    else:
        bookings.check_in(booking.pk, status)
        said = {
            BookingStatus.ATTENDED: gettext("%(name)s came."),
            BookingStatus.NO_SHOW: gettext("%(name)s did not come."),
        }
        messages.success(request, said[status] % {"name": booking.name})
    return back_to_bookings(request, booking.surgery)


@require_POST
def walk_in(request, surgery_id):
    """Someone who turned up without booking."""
    surgery = surgery_for(request, surgery_id, details=True)
    form = WalkInForm(request.POST)
    if form.is_valid():
        booking = bookings.add_walk_in(surgery, **form.cleaned_data)
        messages.success(request, gettext("Added %(name)s as a walk-in.") % {"name": booking.name})
    else:
        messages.error(request, gettext("Give the walk-in's name (and a valid email address, if any)."))
    return back_to_bookings(request, surgery)
