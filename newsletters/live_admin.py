"""Admin: add a live update from a phone, and end the coverage (mounted under /admin/live/).

Whoever may edit the post may add updates; ending the coverage publishes the post, so it
needs permission to publish. Both are Wagtail's own page permissions. Django's CSRF check
refuses posts from another site, and ``same_site_forms_only`` says so in plain words.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy

from wagtail.images.fields import WagtailImageField

from cms.cross_site import same_site_forms_only

from . import live
from .models import LIVE_UPDATE_MAX_LENGTH, PostPage

app_name = "newsletters_live"


class LiveUpdateForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Update"),
        max_length=LIVE_UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        help_text=gettext_lazy("A few sentences: what was just said or decided. It is published at once."),
        error_messages={"required": gettext_lazy("Write the update before you publish it.")},
    )
    photo = WagtailImageField(
        label=gettext_lazy("Photo (optional)"),
        required=False,
        help_text=gettext_lazy("On a phone this opens the camera. JPEG, PNG or WebP."),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(gettext("Write the update before you publish it."))
        return text


class EndCoverageForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Summary of the meeting"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "What was decided and what happens next. Shown above the updates, which stay on the post."
        ),
        error_messages={"required": gettext_lazy("Write a short summary before you end the coverage.")},
    )


def editable_post(request, page_id, *, publish=False):
    post = get_object_or_404(PostPage, pk=page_id)
    permissions = post.permissions_for_user(request.user)
    if not (permissions.can_publish() if publish else permissions.can_edit()):
        raise PermissionDenied
    return post


@same_site_forms_only
def add_update(request, page_id):
    """One field and one button: the update is published at once, and the form is ready for the next."""
    post = editable_post(request, page_id)
    status = 200
    if request.method == "POST":
        form = LiveUpdateForm(request.POST, request.FILES)
        if post.coverage != PostPage.Coverage.LIVE or not post.live:
            messages.error(request, gettext("This post is not being covered live, so it takes no updates."))
            status = 409
        elif form.is_valid():
            live.publish_update(post, form.cleaned_data["text"], request.user, form.cleaned_data["photo"])
            messages.success(request, gettext("Update published."))
            return redirect("newsletters_live:add", post.pk)
        else:
            status = 400
    else:
        form = LiveUpdateForm()
    context = {
        "page_title": gettext("Live updates: %(title)s") % {"title": post.title},
        "header_icon": "time",
        "post": post,
        "form": form,
        "recent_updates": post.live_updates.all()[:10],
        "may_end": post.coverage == PostPage.Coverage.LIVE
        and post.permissions_for_user(request.user).can_publish(),
    }
    return TemplateResponse(request, "newsletters/admin/live_add_update.html", context, status=status)


@same_site_forms_only
def end_coverage(request, page_id):
    """Ask for the summary, then publish the post as an ordinary one with its updates below."""
    post = editable_post(request, page_id, publish=True)
    if post.coverage != PostPage.Coverage.LIVE:
        messages.error(request, gettext("This post is not being covered live."))
        return redirect("wagtailadmin_pages:edit", post.pk)
    status = 200
    form = EndCoverageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                live.end_coverage(post, form.cleaned_data["summary"].strip(), request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(request, gettext("The live coverage has ended; the summary is published."))
                return redirect("wagtailadmin_pages:edit", post.pk)
        else:
            status = 400
    context = {
        "page_title": gettext("End the live coverage: %(title)s") % {"title": post.title},
        "header_icon": "tick",
        "post": post,
        "form": form,
    }
    return TemplateResponse(request, "newsletters/admin/live_end.html", context, status=status)


urlpatterns = [
    path("<id:page_id>/", add_update, name="add"),
    path("<id:page_id>/end/", end_coverage, name="end"),
]
