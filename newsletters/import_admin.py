"""Admin: import posts from a WordPress export or a feed (mounted under /admin/import-posts/).

Three steps, the same rules as ``manage.py import_posts`` (both call
``newsletters.importing.import_posts``): upload a file or give a feed's address and choose the
publication, see what would be created, updated and skipped (a dry run: nothing is stored but
the file itself, in a ``PostImport`` row), then press the button. The import runs in the task
queue and its page shows how far it has got. The preview's button sends only the row's id, so
the file is never uploaded twice nor carried through the page. Who may import: whoever may add
pages under the publication; posts are published only for those who may publish there.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.admin_viewsets import explained_refusal

from .importing import FetchError, SourceError, fetch, import_posts, read_source
from .models import PostImport, PublicationPage

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # several thousand posts; a bigger site can use the command
PREVIEW_ROWS = 500
FORGET_PREVIEWS_AFTER = datetime.timedelta(days=1)
REFRESH_SECONDS = 3


def importable_publications(user):
    """Publications (not digests) under which the user may add pages."""
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add"])
    return (
        PublicationPage.objects.filter(pk__in=pages.values("pk"))
        .exclude(kind=getattr(PublicationPage.Kind, "DIGEST", ""))
        .order_by("title")
    )


def may_import(user, publication):
    return publication.permissions_for_user(user).can_add_subpage()


def may_publish(user, publication):
    return publication.permissions_for_user(user).can_publish_subpage()


class ImportForm(forms.Form):
    publication = forms.ModelChoiceField(
        queryset=PublicationPage.objects.none(),
        label=gettext_lazy("Import into"),
        help_text=gettext_lazy("The newsletter or blog the posts will belong to."),
    )
    file = forms.FileField(
        label=gettext_lazy("Export file"),
        required=False,
        help_text=gettext_lazy(
            "A WordPress export (Tools → Export in WordPress; Blogger's export converted to WordPress "
            "format), or an RSS or Atom feed saved as a file."
        ),
    )
    url = forms.URLField(
        label=gettext_lazy("…or the feed's address"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("The address of an RSS or Atom feed, e.g. https://example.org/feed/"),
    )
    redirects = forms.BooleanField(
        label=gettext_lazy("Send the old addresses to the new posts"),
        required=False,
        help_text=gettext_lazy(
            "Tick this if your old blog's web address will point at this website: people following an "
            "old link then land on the post here."
        ),
    )

    too_big = False

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = importable_publications(user)
        if len(self.fields["publication"].queryset) == 1:
            self.fields["publication"].initial = self.fields["publication"].queryset[0]

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.too_big = True
            self.add_error(
                "file",
                gettext("The file is too big: at most %(size)d MB can be uploaded here.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        elif upload is None and not url and "url" not in self.errors:
            self.add_error("file", gettext("Choose an export file, or give a feed's address."))
        return cleaned

    def read(self):
        """(bytes, name) of the upload or of the feed at the address; adds a form error if it fails."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(), upload.name[:255]
        url = self.cleaned_data["url"]
        try:
            data, _content_type = fetch(url, MAX_UPLOAD_BYTES)
        except FetchError as error:
            self.add_error("url", str(error))
            return None, ""
        return data, url[:255]


def forget_old_previews():
    """Files uploaded for a preview nobody went ahead with are not kept."""
    PostImport.objects.filter(
        status=PostImport.Status.PREVIEWED, created_at__lt=timezone.now() - FORGET_PREVIEWS_AFTER
    ).delete()


@require_http_methods(["GET", "POST"])
def start(request):
    if not importable_publications(request.user).exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "GET" and request.GET.get("publication", "").isdigit():
        form.fields["publication"].initial = int(request.GET["publication"])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            publication = form.cleaned_data["publication"]
            data, name = form.read()
            if data is not None:
                try:
                    source = read_source(data)
                except SourceError as error:
                    form.add_error("file" if form.cleaned_data.get("file") else "url", str(error))
                else:
                    forget_old_previews()
                    report = import_posts(
                        publication,
                        source,
                        dry_run=True,
                        may_publish=may_publish(request.user, publication),
                    )
                    job = PostImport.objects.create(
                        publication=publication,
                        requested_by=request.user,
                        source_name=name,
                        data=data,
                        redirects=form.cleaned_data["redirects"],
                        total=len(source.posts),
                        report=report.as_dict(),
                    )
                    return redirect("newsletters_import:import", import_id=job.pk)
        if form.too_big:
            status = 413
    context = {
        "page_title": gettext("Import posts"),
        "header_icon": "upload",
        "form": form,
        "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return TemplateResponse(request, "newsletters/admin/import.html", context, status=status)


def job_for(request, import_id):
    job = get_object_or_404(PostImport.objects.select_related("publication"), pk=import_id)
    if job.requested_by_id != request.user.pk:
        raise Http404
    if not may_import(request.user, job.publication):
        raise PermissionDenied
    return job


@require_http_methods(["GET", "POST"])
def import_view(request, import_id):
    """The preview with its "Import" button; once pressed, how far the import has got."""
    job = job_for(request, import_id)
    if request.method == "POST":
        from .tasks import run_post_import

        started = PostImport.objects.filter(pk=job.pk, status=PostImport.Status.PREVIEWED).update(
            status=PostImport.Status.QUEUED, done=0
        )
        if started:
            run_post_import.enqueue(job.pk)
        return redirect("newsletters_import:import", import_id=job.pk)
    report = job.report or {}
    items = report.get("items", [])
    context = {
        "page_title": gettext("Import posts into %(publication)s") % {"publication": job.publication.title},
        "header_icon": "upload",
        "job": job,
        "report": report,
        "counts": {action: sum(1 for item in items if item["action"] == action) for action in ACTIONS},
        "items": items[:PREVIEW_ROWS],
        "more_items": max(0, len(items) - PREVIEW_ROWS),
        "finished": job.status in (PostImport.Status.DONE, PostImport.Status.FAILED),
        "percent": int(100 * job.done / job.total) if job.total else 0,
        "publication_url": reverse("wagtailadmin_explore", args=[job.publication.pk]),
    }
    response = TemplateResponse(request, "newsletters/admin/import_progress.html", context)
    if job.status in (PostImport.Status.QUEUED, PostImport.Status.RUNNING):
        response["Refresh"] = str(REFRESH_SECONDS)  # the page follows the import without JavaScript
    return response


ACTIONS = ("create", "update", "skip")


forbidden_as_403 = explained_refusal("newsletters/admin/import_forbidden.html")


app_name = "newsletters_import"
urlpatterns = [
    path("", forbidden_as_403(start), name="start"),
    path("<int:import_id>/", forbidden_as_403(import_view), name="import"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    from django.urls import include

    return [path("import-posts/", include((urlpatterns, app_name), namespace=app_name))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return importable_publications(request.user).exists()


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return ImportMenuItem(
        gettext_lazy("Import posts"), reverse("newsletters_import:start"), icon_name="upload", order=900
    )


@hooks.register("register_page_header_buttons")
def import_posts_button(page, user, view_name, next_url=None):
    """ "Import posts" on a publication's page, for those who may add posts to it."""
    from wagtail.admin.widgets import Button

    if page.specific_class is not PublicationPage or page.specific_deferred.kind == "digest":
        return
    if may_import(user, page):
        yield Button(
            gettext_lazy("Import posts"),
            url=reverse("newsletters_import:start") + f"?publication={page.pk}",
            icon_name="upload",
            priority=45,
        )
