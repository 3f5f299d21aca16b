from django import forms
from django.utils.translation import gettext_lazy as _

from cms.abuse import HoneypotFormMixin


class SubscribeForm(HoneypotFormMixin):
    """Email only, a name if they like; the page it was on comes along for the consent record."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter your email address in the format name@example.org."),
            "max_length": _("That is too long for an email address. Enter your email address again."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    source = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, publication=None, **kwargs):
        super().__init__(*args, **kwargs)
        if publication is not None:
            # Ids unique per publication, so two forms on one page do not clash.
            self.auto_id = f"subscribe-{publication.pk}-%s"
