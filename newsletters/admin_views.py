"""The admin's "Export" screen for a publication: a WordPress file (WXR) or a zip of web pages.

Only people who may edit the publication's page see the button or get the files (Wagtail's own
page permission, as for everything else a publication's editors do). The file is built into a
temporary file on disk, not in memory, and streamed from there.
"""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks

from cms.admin_viewsets import explained_refusal

from .exporting import EXPORTERS, export_filename, export_publication
from .models import PublicationPage

# Apps built on newsletters add their own part of a publication to the export screen (subscriptions
# adds the subscriber list): a function taking the request and the publication, returning HTML or "".
EXPORT_SECTIONS_HOOK = "newsletters_export_sections"

CONTENT_TYPES = {"wxr": "application/rss+xml; charset=utf-8", "html": "application/zip"}


def publication_for_editor(request, page_id):
    """The publication with this id, if this person may edit it: 404 for no such page, else 403."""
    publication = get_object_or_404(PublicationPage, pk=page_id)
    if not publication.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return publication


forbidden_as_403 = explained_refusal(
    "newsletters/admin/export_forbidden.html", title=gettext_lazy("You may not export this publication")
)


@forbidden_as_403
def export_publication_view(request, page_id):
    """The two ways to take a publication away, each with what it holds."""
    publication = publication_for_editor(request, page_id)
    return TemplateResponse(
        request,
        "newsletters/admin/export.html",
        {
            "publication": publication,
            "page_title": _("Export “%(title)s”") % {"title": publication.title},
            "header_icon": "download",
            "sections": [
                section
                for section in (hook(request, publication) for hook in hooks.get_hooks(EXPORT_SECTIONS_HOOK))
                if section
            ],
        },
    )


@forbidden_as_403
def export_download(request, page_id, export_format):
    """The export file itself, written to a temporary file and streamed from there."""
    publication = publication_for_editor(request, page_id)
    if export_format not in EXPORTERS:
        raise Http404(_("There is no such export format."))
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when the download ends
    try:
        export_publication(publication, export_format, file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    response = FileResponse(
        file,
        as_attachment=True,
        filename=export_filename(publication, export_format),
        content_type=CONTENT_TYPES[export_format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
