"""Wagtail admin: bring an existing mailing list into a newsletter from a CSV file.

Two steps, the same rules as ``manage.py import_subscribers`` (both call
``subscriptions.importing.import_subscribers``): upload the file and choose how
consent is handled, see what would happen (a dry run: nothing is stored or
sent), then press the button to import. The file's text travels in a hidden
field between the two steps, so nothing is kept on the server in between; the
import runs every check again on it. Who may import: whoever may edit the
newsletter's page.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext

from .admin_views import forbidden_as_403, newsletter_for_editor
from .importing import ImportFileError, decode, import_subscribers

MAX_UPLOAD_BYTES = 1024 * 1024  # about 20,000 addresses; a bigger list can use the command


class ImportForm(forms.Form):
    ASK = "ask"
    ELSEWHERE = "elsewhere"

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        required=False,
        help_text=gettext_lazy(
            "An export from Mailchimp or MailPoet, or any spreadsheet saved as CSV with a column "
            "called “email”."
        ),
    )
    consent = forms.ChoiceField(
        label=gettext_lazy("Consent"),
        widget=forms.RadioSelect,
        initial=ASK,
        choices=[
            (
                ASK,
                gettext_lazy(
                    "Ask each new address to confirm (recommended). They get one email with a button "
                    "to press, and are sent issues only once they have pressed it. Addresses nobody "
                    "confirms are deleted after a few days."
                ),
            ),
            (
                ELSEWHERE,
                gettext_lazy(
                    "Consent is already recorded elsewhere. Only choose this if every person on the list "
                    "agreed to get this newsletter and you can show where and when (for example your "
                    "Mailchimp sign-up records). They are subscribed at once, with no email; your "
                    "statement and your name are kept as their consent record."
                ),
            ),
        ],
    )
    statement = forms.CharField(
        label=gettext_lazy("Where and when was consent recorded?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed only if consent is already recorded elsewhere."),
    )
    # The second step: the file's text and name from the first, and the go-ahead.
    data = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    too_big = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                self.too_big = True
                self.add_error(
                    "file",
                    gettext("The file is too big: at most %(size)d MB can be uploaded here.")
                    % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                )
                return cleaned
            text, _encoding, warnings = decode(upload.read())
            cleaned["data"], cleaned["file_name"], cleaned["warnings"] = text, upload.name, warnings
            cleaned["confirm"] = False  # a new file is always previewed first
        elif not cleaned.get("data"):
            self.add_error("file", gettext("Choose a CSV file to import."))
        if cleaned.get("consent") == self.ELSEWHERE and not (cleaned.get("statement") or "").strip():
            self.add_error("statement", gettext("Say where and when these people gave their consent."))
        return cleaned


@forbidden_as_403
def import_list(request, publication_id):
    publication = newsletter_for_editor(request, publication_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cleaned = form.cleaned_data
            statement = cleaned["statement"] if cleaned["consent"] == ImportForm.ELSEWHERE else None
            confirming = cleaned["confirm"]
            try:
                report = import_subscribers(
                    publication,
                    cleaned["data"],
                    file_name=cleaned["file_name"] or "upload.csv",
                    user=request.user.get_username(),
                    consent_recorded_elsewhere=statement,
                    dry_run=not confirming,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if confirming:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d address was added to %(newsletter)s.",
                            "%(count)d addresses were added to %(newsletter)s.",
                            len(report.created),
                        )
                        % {"count": len(report.created), "newsletter": publication.title},
                    )
                    return redirect("subscriptions_subscribers:newsletter", publication_id=publication.pk)
                report.warnings = cleaned.get("warnings", [])
                status = 200
                # The preview's form carries the file on to the second step.
                form = ImportForm(
                    initial={
                        "data": cleaned["data"],
                        "file_name": cleaned["file_name"],
                        "consent": cleaned["consent"],
                        "statement": cleaned["statement"],
                        "confirm": True,
                    }
                )
        if form.errors and getattr(form, "too_big", False):
            status = 413
    context = {
        "page_title": gettext("Import subscribers into %(newsletter)s") % {"newsletter": publication.title},
        "header_icon": "upload",
        "publication": publication,
        "form": form,
        "report": report,
        "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return TemplateResponse(request, "subscriptions/admin/import.html", context, status=status)
