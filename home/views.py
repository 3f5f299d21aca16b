"""The room-hire enquiry form's endpoint and its thank-you page."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only

from .forms import RoomHireEnquiryForm
from .models import CommunityCentrePage
from .tasks import send_room_hire_enquiry

# Enough for a resident correcting a mistake a few times; too few for a script.
ENQUIRY_RATE_LIMIT = 5
ENQUIRY_RATE_WINDOW_SECONDS = 60 * 60


def get_centre(centre_id):
    return get_object_or_404(CommunityCentrePage.objects.live().public(), pk=centre_id)


def render_form_page(request, centre, form, status=200):
    return render(
        request,
        "home/room_hire_enquiry.html",
        {"centre": centre, "enquiry_form": form, "seo_noindex": True},
        status=status,
    )


# The form is rendered on the centre's page without {% csrf_token %} so that page
# stays the same for every anonymous reader: cacheable and cookie-free. Dropping
# CSRF protection is safe here because the endpoint uses no session or login (a
# forged post gains the attacker nothing a direct post would not), it only stores
# an enquiry and emails the centre, a honeypot turns away bots and a per-IP rate
# limit stops anyone flooding a centre's inbox.
@csrf_exempt
@same_site_forms_only  # a page on another site cannot send enquiries in a visitor's name
@require_http_methods(["GET", "POST"])
def room_hire_enquiry(request, centre_id):
    """GET: the form on a page of its own. POST: check, store, queue the email, say thank you."""
    centre = get_centre(centre_id)
    rooms = list(centre.rooms.all())
    if not rooms:
        return render(request, "home/room_hire_no_rooms.html", {"centre": centre}, status=404)
    if request.method == "GET":
        return render_form_page(request, centre, RoomHireEnquiryForm(rooms=rooms))
    return never_cache(submit_enquiry)(request, centre, rooms)


def submit_enquiry(request, centre, rooms):
    if rate_limited(request, "room-hire", ENQUIRY_RATE_LIMIT, ENQUIRY_RATE_WINDOW_SECONDS):
        return render(
            request, "home/room_hire_limited.html", {"centre": centre, "seo_noindex": True}, status=429
        )
    form = RoomHireEnquiryForm(request.POST, rooms=rooms)
    if form.is_spam():
        # Look exactly like success, so a bot learns nothing; nothing is stored or sent.
        return redirect("home:room_hire_thanks", centre_id=centre.pk)
    if not form.is_valid():
        return render_form_page(request, centre, form, status=400)
    with transaction.atomic():
        enquiry = form.save(centre)
        transaction.on_commit(lambda: send_room_hire_enquiry.enqueue(enquiry.pk))
    return redirect("home:room_hire_thanks", centre_id=centre.pk)


@never_cache
@require_http_methods(["GET", "HEAD"])
def room_hire_thanks(request, centre_id):
    """Shown after sending; never cached, so it cannot be served to someone who did not send."""
    centre = get_centre(centre_id)
    return render(request, "home/room_hire_thanks.html", {"centre": centre, "seo_noindex": True})
