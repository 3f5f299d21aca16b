"""Admin: start a place's digest, and hold a drafted issue or let it go (mounted under /admin/digests/).

Who may start a digest is whoever may add and publish pages under the place; who may hold an
issue is whoever may publish it: Wagtail's own page permissions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, override

from wagtail.models import Page

from cms.html import plain_text_as_rich_text

from . import digests
from .models import DigestIssue, PublicationPage


def is_place(page):
    """A place page (home.PlacePage says so itself: it is what site search offers as a place)."""
    return bool(getattr(page.specific_class, "search_is_place", False))


def place_digest(place):
    return PublicationPage.objects.child_of(place).filter(kind=PublicationPage.Kind.DIGEST).first()


def may_start_digest(place, user):
    permissions = place.permissions_for_user(user)
    return is_place(place) and permissions.can_add_subpage() and permissions.can_publish_subpage()


def free_slug(parent, wanted):
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def start_digest(request, page_id):
    """GET: what a place digest is, with the button. POST: make it (published, weekly on Fridays)."""
    place = get_object_or_404(Page, pk=page_id).specific
    if not may_start_digest(place, request.user):
        raise PermissionDenied
    existing = place_digest(place)
    if existing is not None:
        return redirect("wagtailadmin_pages:edit", existing.pk)
    if request.method == "POST":
        with override(place.locale.language_code):
            title = gettext("%(place)s digest") % {"place": place.title}
            intro = gettext("The news of %(place)s and the places in it, by email.") % {"place": place.title}
        digest = PublicationPage(
            title=title,
            slug=free_slug(place, "digest"),
            kind=PublicationPage.Kind.DIGEST,
            intro=plain_text_as_rich_text(intro),
            owner=request.user,
        )
        place.add_child(instance=digest)
        digest.save_revision(user=request.user).publish(user=request.user)
        messages.success(
            request,
            gettext(
                "The digest is started: residents can sign up on the place's page. Choose its day and "
                "time under Sending."
            ),
        )
        return redirect("wagtailadmin_pages:edit", digest.pk)
    context = {
        "page_title": gettext("Start a digest for %(place)s?") % {"place": place.title},
        "header_icon": "mail",
        "place": place,
    }
    return TemplateResponse(request, "newsletters/admin/digest_start.html", context)


def hold_issue(request, issue_id):
    """GET: what holding means, with the button. POST: hold a drafted issue, or let a held one go."""
    issue = get_object_or_404(DigestIssue.objects.select_related("post", "publication"), pk=issue_id)
    if issue.post is None or not issue.post.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if request.method == "POST":
        if issue.may_be_held and digests.hold(issue):
            messages.warning(request, gettext("The digest is held: it will not go out until you let it go."))
        elif issue.may_be_released and digests.release(issue):
            messages.success(
                request, gettext("The digest will go out at its time, or at the next run if that has passed.")
            )
        return redirect("wagtailadmin_pages:edit", issue.post_id)
    context = {
        "page_title": gettext("Hold this digest?") if issue.may_be_held else gettext("Let this digest go?"),
        "header_icon": "mail",
        "issue": issue,
    }
    return TemplateResponse(request, "newsletters/admin/digest_hold.html", context)


app_name = "newsletters_digests"
urlpatterns = [
    path("issues/<int:issue_id>/hold/", hold_issue, name="hold"),
    path("places/<int:page_id>/start/", start_digest, name="start"),
]
