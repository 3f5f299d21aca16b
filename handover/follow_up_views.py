"""The public side of follow-ups: the two-question form an emailed link opens, and the What changed pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only
from cms.sites import site_root
from surgeries.queries import surgery_places

from .follow_ups import (
    ALREADY_ANSWERED,
    ALREADY_ANSWERED_ADVICE,
    FollowUpForm,
    LinkProblem,
    follow_up_figures,
    record_answer,
    record_for_link,
    shared_stories,
    with_places,
)

ANSWERS_PER_HOUR = 30
STORIES_PER_PAGE = 20


def private(request, template, context, status=200):
    """Never cached, not indexed, and the token in the address is never sent on to other sites."""
    response = render(request, template, {"seo_noindex": True, **context}, status=status)
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


def problem_page(request, status, heading, advice):
    return private(request, "handover/follow_up_problem.html", {"heading": heading, "advice": advice}, status)


# The signed token in the address is the secret that protects this form, so it needs no CSRF
# cookie (and sets no cookie for whoever opens the link); posts from another site are refused
# and attempts are rate-limited per IP.
@csrf_exempt
@same_site_forms_only
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request, token):
    """GET shows the two questions (mail scanners follow links, and change nothing); POST answers."""
    if request.method == "POST" and rate_limited(request, "handover-follow-up", ANSWERS_PER_HOUR, 3600):
        return problem_page(
            request, 429, gettext("Too many tries"), gettext("Please wait an hour and try again.")
        )
    try:
        record, role = record_for_link(token)
    except LinkProblem as problem:
        return problem_page(request, problem.status, str(problem.heading), str(problem.advice))
    form = FollowUpForm(request.POST if request.method == "POST" else None, role=role)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            follow_up = record_answer(record.pk, role, data["what_changed"], data["share"] == "yes")
            if follow_up is None:  # the same link was answered a moment ago, in another tab
                return problem_page(request, 410, str(ALREADY_ANSWERED), str(ALREADY_ANSWERED_ADVICE))
            return private(request, "handover/follow_up_done.html", {"follow_up": follow_up})
        return private(request, "handover/follow_up.html", {"form": form, "role": role}, 400)
    return private(request, "handover/follow_up.html", {"form": form, "role": role})


def tree_paths(page):
    """The tree paths of ``page`` and its translations: help logged in one language counts in all."""
    return sorted(
        set(Page.objects.filter(translation_key=page.translation_key).values_list("path", flat=True))
    )


def what_changed(request, place_id=None):
    """Shared stories and counts for the whole site, or for one place and the places within it.

    A public page like the listings: no cookie, cacheable, purged when a follow-up changes
    (handover/front_cache.py).
    """
    root = site_root(request, in_request_language=False)
    root_paths = tree_paths(root)
    place = None
    if place_id is not None:
        place = surgery_places().public().filter(pk=place_id).first()
        if place is None or not any(place.path.startswith(path) for path in root_paths):
            raise Http404(gettext("There is no such place on this website."))
    paths = tree_paths(place) if place else root_paths
    page_obj = Paginator(shared_stories(paths), STORIES_PER_PAGE).get_page(request.GET.get("page"))
    places = surgery_places(place.localized if place else root.localized)
    return TemplateResponse(
        request,
        "handover/what_changed.html",
        {
            "place": place.localized if place else None,
            "figures": follow_up_figures(paths),
            "page_obj": page_obj,
            "stories": with_places(page_obj.object_list),
            "places": places.only("pk", "title"),
        },
    )
