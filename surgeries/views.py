"""Public views that are not pages: listings, calendar feeds, booking and cancelling."""

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Locale, Page

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only
from cms.languages import reader_language
from cms.sites import site_root

from . import bookings, network_helpers
from .calendars import ics_response
from .forms import BOOKING_FORMS
from .models import Booking, NetworkHelper, SurgeryPage
from .queries import calendar_feed_surgeries_below, past_surgeries_below, upcoming_surgeries_below
from .tokens import (
    booking_id_from_confirm_link,
    cancel_token_from_link,
    network_helper_id_from_link,
    network_helper_id_from_withdraw_link,
)

PER_PAGE = 20
FEED_LIMIT = 200
BOOKING_RATE_LIMIT = (10, 60 * 60)  # attempts per IP per hour, across both forms
CANCEL_RATE_LIMIT = (30, 60 * 60)


def place_or_404(place_id):
    """A live page of a kind that surgeries are held under: the page tree is the geography.

    Which kinds those are is this app's own page-type rule (``SurgeryPage.parent_page_types``),
    so the view needs no knowledge of the app that defines places.
    """
    places = Page.objects.live().public().type(*SurgeryPage.allowed_parent_page_models())
    return get_object_or_404(places, pk=place_id)


def surgery_listing(request, *, archive, place_id=None):
    place = place_or_404(place_id) if place_id is not None else None
    root = place or site_root(request)
    surgeries = past_surgeries_below(root) if archive else upcoming_surgeries_below(root)
    page_obj = Paginator(surgeries, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "surgeries/surgery_list.html",
        {"place": place, "archive": archive, "page_obj": page_obj, "surgeries": page_obj.object_list},
    )


def upcoming(request, place_id=None):
    """Surgeries still to come (cancelled ones marked), for the whole site or below one place."""
    return surgery_listing(request, archive=False, place_id=place_id)


def past(request, place_id=None):
    """Surgeries that went ahead, newest first."""
    return surgery_listing(request, archive=True, place_id=place_id)


def calendar_feed(request, root, name):
    surgeries = calendar_feed_surgeries_below(root)[:FEED_LIMIT]
    response = ics_response(request, surgeries, name=name)
    patch_cache_control(response, public=True, max_age=60 * 15)
    return response


def in_request_language(page):
    """``page``'s live, public copy in the language of the URL (a 404 when it has none).

    A calendar under /ur/ holds only the Urdu surgeries, whichever language's page
    its address names, and never falls back to the English ones.
    """
    active = Locale.get_active()
    if page.locale_id == active.pk:
        return page
    translation = page.get_translations().live().public().filter(locale=active).first()
    if translation is None:
        raise Http404("There are no surgeries in this language.")
    return translation


def site_ical(request):
    """Every surgery on this site still to come or recently held, for calendar apps to subscribe to."""
    root = in_request_language(site_root(request, in_request_language=False))
    return calendar_feed(request, root, gettext("Surgeries: %(site)s") % {"site": root.title})


def place_ical(request, place_id):
    """Surgeries to come or recently held in one place and the places within it."""
    place = in_request_language(place_or_404(place_id))
    return calendar_feed(request, place, gettext("Surgeries in %(place)s") % {"place": place.title})


def render_surgery(request, surgery, status, **context):
    """The surgery page again, with the form the person filled in and what went wrong."""
    page_context = surgery.get_context(request)
    page_context.update(context)
    response = TemplateResponse(request, surgery.get_template(request), page_context, status=status)
    add_never_cache_headers(response)
    return response


# Booking is CSRF-exempt on purpose: the surgery page is served from a shared cache
# to anonymous readers and must set no cookie, so it cannot carry a CSRF token.
# Instead a POST that a browser marks as sent from another site is refused (see
# cms.cross_site), so a hostile page cannot book seats through its visitors. Scripts
# are held back by the honeypot, a per-IP rate limit and seats held only until the
# address is confirmed (see bookings.py).
@csrf_exempt
@same_site_forms_only
@require_POST
def book(request, surgery_id, role):
    surgery = get_object_or_404(SurgeryPage.objects.live().public().select_related("venue"), pk=surgery_id)
    if role not in BOOKING_FORMS:
        raise Http404("There is no such booking form.")
    form = BOOKING_FORMS[role](request.POST, prefix=role)
    form_name = f"{role}_form"
    if rate_limited(request, "surgery-booking", *BOOKING_RATE_LIMIT):
        return render_surgery(
            request,
            surgery,
            429,
            **{
                form_name: form,
                "booking_error": gettext(
                    "You have sent a lot of bookings. Please wait an hour and try again."
                ),
            },
        )
    if form.is_spam():
        return render_surgery(
            request,
            surgery,
            400,
            booking_error=gettext("Your booking could not be taken. Please leave the last box empty."),
        )
    reason = surgery.booking_closed_reason()
    if reason:
        return render_surgery(request, surgery, 409, booking_error=reason)
    if not form.is_valid():
        return render_surgery(request, surgery, 400, **{form_name: form})
    try:
        result = bookings.book(surgery.pk, role, {**form.booking_details(), "language": reader_language()})
    except bookings.BookingRefused as refused:
        return render_surgery(request, surgery, 409, booking_error=str(refused))
    response = TemplateResponse(
        request,
        "surgeries/booking_result.html",
        {
            "page": surgery,
            "surgery": surgery,
            "booking": result.booking,
            "position": result.waiting_list_position,
            "seo_noindex": True,
        },
    )
    add_never_cache_headers(response)
    return response


def booking_for_link(token):
    """The booking a cancel link names; CancelRefused (400/404) for a link we did not make."""
    try:
        stored = cancel_token_from_link(token)
    except signing.BadSignature:
        raise bookings.CancelRefused(
            gettext(
                "This cancel link is not complete or not valid. Please copy the whole link from your email."
            ),
            status=400,
        ) from None
    booking = Booking.objects.select_related("surgery", "surgery__venue").filter(cancel_token=stored).first()
    if booking is None:
        raise bookings.CancelRefused(
            gettext("We could not find that booking. It may have been removed."), status=404
        )
    return booking


def cancel_page(request, template, context, status=200):
    response = TemplateResponse(request, template, {"seo_noindex": True, **context}, status=status)
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"  # the link in the address bar is a secret
    return response


CANCEL_PROBLEM = gettext_lazy("We could not cancel that booking")
CONFIRM_PROBLEM = gettext_lazy("We could not confirm that place")


def link_problem(request, heading, message, status):
    """Why a link from a booking email (cancel, confirm) cannot be used, never cached."""
    return cancel_page(
        request, "surgeries/link_problem.html", {"heading": heading, "message": message}, status
    )


# CSRF-exempt for the same reasons as booking: the secret is the signed token in
# the address, which only the booker has, and cancelling twice changes nothing.
@csrf_exempt
@same_site_forms_only
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """GET asks "are you sure?" (mail scanners follow links); POST cancels."""
    if request.method == "POST" and rate_limited(request, "surgery-cancel", *CANCEL_RATE_LIMIT):
        return link_problem(request, CANCEL_PROBLEM, gettext("Too many attempts. Try again later."), 429)
    try:
        booking = booking_for_link(token)
        if request.method == "POST":
            booking = bookings.cancel(booking.cancel_token)
            return cancel_page(request, "surgeries/cancel_done.html", {"booking": booking})
        refused = bookings.cancel_refusal(booking)
        if refused is not None:
            raise refused
    except bookings.CancelRefused as refused:
        return link_problem(request, CANCEL_PROBLEM, str(refused), refused.status)
    return cancel_page(request, "surgeries/cancel_confirm.html", {"booking": booking, "token": token})


# CSRF-exempt like cancelling: the signed token in the address is the secret, only the
# booker has it, and confirming twice changes nothing. Cross-site posts are refused.
@csrf_exempt
@same_site_forms_only
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_place(request, token):
    """GET shows a button (mail scanners follow links and must not confirm); POST confirms."""
    if request.method == "POST" and rate_limited(request, "surgery-confirm", *CANCEL_RATE_LIMIT):
        return link_problem(request, CONFIRM_PROBLEM, gettext("Too many attempts. Try again later."), 429)
    try:
        booking_id = booking_id_from_confirm_link(token)
    except (signing.BadSignature, ValueError):
        return link_problem(
            request,
            CONFIRM_PROBLEM,
            gettext("This link is not complete or not valid. Please copy the whole link from the email."),
            400,
        )
    booking = Booking.objects.select_related("surgery", "surgery__venue").filter(pk=booking_id).first()
    if booking is None:
        return link_problem(
            request,
            CONFIRM_PROBLEM,
            gettext("We could not find that booking. It may have been removed."),
            404,
        )
    if request.method == "POST":
        booking = bookings.confirm_place(booking.pk)
        context = {"booking": booking, "position": booking.waiting_list_position()}
        return cancel_page(request, "surgeries/confirm_done.html", context)
    return cancel_page(request, "surgeries/confirm_place.html", {"booking": booking})


HELPER_PROBLEM = gettext_lazy("We could not confirm your offer to help")


# CSRF-exempt like confirming a place: the signed token in the address is the secret, only the
# helper has it, and confirming twice changes nothing. Cross-site posts are refused.
@csrf_exempt
@same_site_forms_only
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_network_helper(request, token):
    """GET shows a button (mail scanners follow links and must not confirm); POST confirms."""
    if request.method == "POST" and rate_limited(request, "surgery-confirm", *CANCEL_RATE_LIMIT):
        return link_problem(request, HELPER_PROBLEM, gettext("Too many attempts. Try again later."), 429)
    try:
        helper_id = network_helper_id_from_link(token)
    except (signing.BadSignature, ValueError):
        return link_problem(
            request,
            HELPER_PROBLEM,
            gettext(
                "This link is not complete, not valid or too old. Copy the whole link from the email, "
                "or offer to help again."
            ),
            400,
        )
    helper = NetworkHelper.objects.filter(pk=helper_id).first()
    if helper is None:
        return link_problem(
            request, HELPER_PROBLEM, gettext("We could not find that offer. It may have been removed."), 404
        )
    if request.method == "POST":
        helper = network_helpers.confirm(helper)
    context = {
        "helper": helper,
        "towns": [town.title for town in helper.towns.order_by("title")],
        "confirmed": request.method == "POST",
    }
    return cancel_page(request, "surgeries/network_helper_confirm.html", context)


WITHDRAW_PROBLEM = gettext_lazy("We could not withdraw your offer to help")


# CSRF-exempt like cancelling a booking: the signed token in the address is the secret, only the
# helper has it, and withdrawing twice changes nothing. Cross-site posts are refused.
@csrf_exempt
@same_site_forms_only
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_network_helper(request, token):
    """GET asks "are you sure?" (mail scanners follow links and must not withdraw); POST withdraws."""
    if request.method == "POST" and rate_limited(request, "network-helper-withdraw", *CANCEL_RATE_LIMIT):
        return link_problem(request, WITHDRAW_PROBLEM, gettext("Too many attempts. Try again later."), 429)
    try:
        helper_id = network_helper_id_from_withdraw_link(token)
    except (signing.BadSignature, ValueError):
        return link_problem(
            request,
            WITHDRAW_PROBLEM,
            gettext("This link is not complete or not valid. Please copy the whole link from your email."),
            400,
        )
    helper = NetworkHelper.objects.filter(pk=helper_id).first()
    if request.method == "POST":
        if helper is not None:
            network_helpers.withdraw(helper)
        # Withdrawn now or before: the same answer, and nothing of theirs left to show.
        return cancel_page(request, "surgeries/network_helper_withdraw.html", {"withdrawn": True})
    if helper is None:
        return link_problem(
            request,
            WITHDRAW_PROBLEM,
            gettext(
                "We could not find that offer. It may have been withdrawn already, or replaced by a "
                "newer one: use the link in the newest email we sent you."
            ),
            404,
        )
    context = {"helper": helper, "towns": [town.title for town in helper.towns.order_by("title")]}
    return cancel_page(request, "surgeries/network_helper_withdraw.html", context)
