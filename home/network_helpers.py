"""'Volunteer as a helper across the network': one form where a helper picks the towns they will help in.

The towns come from this app (``queries.towns``); the registration itself belongs to the
surgeries app, which owns helpers and bookings and is told only the towns' home pages. Like the
other public forms the page sets no cookie and the endpoint is ``csrf_exempt``: a registration
does nothing until its owner presses the button in the email (double opt-in), a post a browser
marks as sent from another website is refused, and a honeypot and a per-IP rate limit hold back
scripts.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.models import Site

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only
from cms.languages import reader_language
from surgeries import network_helpers
from surgeries.forms import NetworkHelperForm

from .queries import towns

# Enough for someone correcting a mistake; too few for a script.
REGISTER_RATE_LIMIT = (5, 60 * 60)


def town_choices(town_list):
    return [(town.root_page_id, town.name) for town in town_list]


def writing_town(request, town_list, chosen_ids):
    """The chosen town whose website emails the helper: the one whose website they are on, if they
    chose it, else the first they chose in the list's order."""
    chosen = [town for town in town_list if town.root_page_id in chosen_ids]
    site = Site.find_for_request(request)
    here = next((town for town in chosen if site is not None and town.site_id == site.pk), None)
    return (here or chosen[0]).root_page_id


def render_form(request, form, status=200, error=""):
    response = TemplateResponse(
        request, "home/network_helper_form.html", {"form": form, "error": error}, status=status
    )
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


@csrf_exempt  # no cookie on this page; see the module docstring
@same_site_forms_only  # a page on another site cannot register people
@require_http_methods(["GET", "HEAD", "POST"])
def volunteer(request):
    """GET: the form. POST: check it, store the registration, queue the confirmation email."""
    town_list = towns()
    if request.method != "POST":
        return render_form(request, NetworkHelperForm(town_choices=town_choices(town_list)))
    form = NetworkHelperForm(request.POST, town_choices=town_choices(town_list))
    if rate_limited(request, "network-helper", *REGISTER_RATE_LIMIT):
        message = gettext("You have sent this form a lot. Please wait an hour and try again.")
        return render_form(request, form, 429, message)
    if form.is_spam():
        # The same answer as people get, so a bot learns nothing; nothing is stored or sent.
        return redirect("home:network_helper_sent")
    if not form.is_valid():
        return render_form(request, form, 400)
    data = form.cleaned_data
    network_helpers.register(
        name=data["name"],
        email=data["email"],
        can_offer=data["can_offer"],
        town_page_ids=data["towns"],
        writing_town_id=writing_town(request, town_list, data["towns"]),
        language=reader_language(),
    )
    return redirect("home:network_helper_sent")


@require_safe
def volunteer_sent(request):
    """What happens next: the same page for everyone, so it may be cached."""
    return TemplateResponse(request, "home/network_helper_sent.html", {"seo_noindex": True})
