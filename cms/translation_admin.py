"""wagtail-localize's PO file upload, with a message instead of a server error for a wrong file.

wagtail-localize answers a PO file that was not downloaded from one of its translations (a
catalogue from another tool, say) and a form sent without a file with a 500. This view checks
for both first and hands every other upload to wagtail-localize unchanged.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.utils import get_valid_next_url_from_request

from wagtail_localize.views.edit_translation import upload_pofile

# wagtail-localize writes this header into every PO file it hands out, and needs it back.
TRANSLATION_HEADER = b"X-WagtailLocalize-TranslationID"


@require_POST
def upload_po_file(request, translation_id):
    upload = request.FILES.get("file")
    if upload is None:
        problem = _("Choose the PO file to upload.")
    elif TRANSLATION_HEADER not in upload.read():
        problem = _(
            "This file was not downloaded from this translation. Download the PO file here, "
            "translate it and upload that file."
        )
    else:
        upload.seek(0)
        return upload_pofile(request, translation_id)
    messages.error(request, problem)
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
