"""The hand-over form a helper fills in beside the newcomer, and the newcomer's password form."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from newsletters.models import PublicationPage
from surgeries.queries import topic_choices

from .setup import Newcomer

PLACE_MODEL = "home.PlacePage"


class NewcomerForm(forms.Form):
    """Everything needed to leave someone publishing, on one screen."""

    name = forms.CharField(
        label="Their name",
        max_length=150,
        help_text="The newcomer's name as they like to be called, e.g. 'Maureen Lewis'.",
    )
    email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        help_text=(
            "Private: we email them their invitation link and they log in with it. It is never shown "
            "on the website. Leave it empty if they have no email address yet: they can scan the code "
            "on the next screen with their phone instead."
        ),
    )
    public_contact_name = forms.CharField(
        label="Public contact name (shown on your pages)",
        max_length=100,
        required=False,
        help_text=(
            "Optional. Shown to everyone on their newsletter or blog, on every post and on printed "
            "issues, e.g. 'Maureen, coordinator'. Leave it empty to show no name."
        ),
    )
    public_contact_email = forms.EmailField(
        label="Public contact email (shown on your pages)",
        required=False,
        help_text=(
            "Optional. Shown to everyone on their newsletter or blog, on every post and on printed "
            "issues, so readers can write to the group. Only fill this in if they want this address "
            "shown: a group address is best. Leave it empty to show no email address."
        ),
    )
    group_name = forms.CharField(
        label="Their group's name",
        max_length=150,
        help_text="The name readers will see, e.g. 'Kingstanding Neighbourhood Watch'.",
    )
    kind = forms.ChoiceField(
        label="Newsletter or blog",
        choices=PublicationPage.Kind.choices,
        initial=PublicationPage.Kind.NEWSLETTER,
        widget=forms.RadioSelect,
        help_text="A newsletter comes out in issues people can get by email; a blog has posts now and then.",
    )
    place = forms.ModelChoiceField(
        label="The place it belongs to",
        queryset=Page.objects.all(),
        widget=AdminPageChooser(target_models=[PLACE_MODEL]),
        help_text="The neighbourhood or town their group is in. Their publication is listed there.",
    )
    surgery = forms.ModelChoiceField(
        label="The surgery (optional)",
        queryset=Page.objects.none(),
        required=False,
        empty_label="Not at a surgery",
        help_text="The surgery where you are helping them, so the help log can count it.",
    )
    topics = forms.MultipleChoiceField(
        label="What you helped with",
        choices=topic_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everything you helped with today.",
    )
    review_first_posts = forms.BooleanField(
        label="Review their first posts before they go live",
        required=False,
        help_text=(
            "If ticked, their posts come to you to approve before readers see them. "
            "Leave it empty if they are confident to publish on their own."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from surgeries.models import SurgeryPage

        self.fields["surgery"].queryset = SurgeryPage.objects.order_by("-starts_at")

    def clean_place(self):
        place = self.cleaned_data["place"]
        if place.specific_class is None or place.specific_class._meta.label != PLACE_MODEL:
            raise forms.ValidationError("Choose a place (a town or neighbourhood page).")
        return place

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Type the newcomer's name.")
        return name

    def clean_group_name(self):
        return " ".join(self.cleaned_data["group_name"].split())

    def newcomer(self):
        return Newcomer(**self.cleaned_data)


class ChoosePasswordForm(SetPasswordForm):
    """Django's own password form (and validators) with words for someone new to this."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password1"].help_text = (
            "At least 8 characters. Not just numbers, not a common password and not like your name. "
            "Three or four random words make a good one."
        )
        self.fields["new_password2"].label = "Type it again"
        self.fields["new_password2"].help_text = "So we know there was no typing mistake."
        mismatch = "The two passwords are different. Please type them again."
        self.error_messages = {**self.error_messages, "password_mismatch": mismatch}
