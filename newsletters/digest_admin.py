"""Admin: hold a drafted place digest issue, or let it go (mounted under /admin/digests/).

Who may hold an issue is whoever may publish it: Wagtail's own page permissions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from . import digests
from .models import DigestIssue


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
urlpatterns = [path("issues/<int:issue_id>/hold/", hold_issue, name="hold")]
