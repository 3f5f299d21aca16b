"""The two booking forms on a surgery page, and the organisers' small admin forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.abuse import HoneypotFormMixin

from .models import BookingStatus, OrganisationKind, Role
from .queries import topic_choices
from .topics import OTHER


class BookingForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Your name"),
        error_messages={"required": _("Enter your name, so the helpers know who to look out for.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send your booking, a calendar invitation and a reminder here, and nothing else."),
        error_messages={
            "required": _("Enter your email address, so we can confirm your booking."),
            "invalid": _("Enter an email address like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = None

    def __init__(self, *args, topics=None, **kwargs):
        """``topics``: the offered SurgeryTopics, when the page already read them for both forms."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices(topics)

    def booking_details(self):
        """The cleaned fields a Booking is made from."""
        data = self.cleaned_data
        return {field: data[field] for field in self.booking_fields}


class AttendBookingForm(BookingForm):
    """'I'd like help': someone bringing a group (or themselves) to get online."""

    role = Role.ATTEND
    booking_fields = ("name", "email", "organisation_name", "organisation_kind", "topics", "other_topic")

    organisation_name = forms.CharField(
        max_length=150,
        required=False,
        label=_("Your group's name (optional)"),
        help_text=_("For example, Kingstanding Neighbourhood Watch."),
    )
    organisation_kind = forms.ChoiceField(
        choices=OrganisationKind.choices,
        label=_("What kind of group is it?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of group it is, or 'Just me'.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("What would you like help with?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you would like help with.")},
    )
    other_topic = forms.CharField(
        max_length=200,
        required=False,
        label=_("If something else, what?"),
    )

    def clean(self):
        data = super().clean()
        if OTHER in data.get("topics", []) and not data.get("other_topic", "").strip():
            self.add_error("other_topic", _("Tell us what else you would like help with."))
        return data


class HelpBookingForm(BookingForm):
    """'I can help': a volunteer offering their time."""

    role = Role.HELP
    booking_fields = ("name", "email", "topics", "can_offer")

    topics = forms.MultipleChoiceField(
        label=_("What can you help with?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you can help with.")},
    )
    can_offer = forms.CharField(
        max_length=1000,
        required=False,
        label=_("Anything else you can offer? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


BOOKING_FORMS = {Role.ATTEND: AttendBookingForm, Role.HELP: HelpBookingForm}


class NetworkHelperForm(HoneypotFormMixin, forms.Form):
    """'I can help across the network': who they are, what they offer and the towns they will help in.

    ``town_choices``: (town home page id, town name) pairs, offered by whoever knows the towns.
    """

    name = forms.CharField(
        max_length=100,
        label=_("Your name"),
        error_messages={"required": _("Enter your name, so organisers know who is offering.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We email you a link to confirm. Organisers of the towns you choose will see it."),
        error_messages={
            "required": _("Enter your email address, so organisers can get in touch."),
            "invalid": _("Enter an email address like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    can_offer = forms.CharField(
        max_length=1000,
        label=_("What can you offer?"),
        help_text=_("For example: setting up Facebook pages, writing newsletters, an afternoon a month."),
        error_messages={"required": _("Tell us what you can help with.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    towns = forms.TypedMultipleChoiceField(
        coerce=int,
        label=_("Which towns will you help in?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one town."),
            "invalid_choice": _("Choose towns from the list."),
        },
    )

    def __init__(self, *args, town_choices=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["towns"].choices = list(town_choices)


class BookingFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Everyone")), *Role.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *BookingStatus.choices], required=False
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Sent to the person in the email that tells them your decision."),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("Their first name is enough."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.ATTEND)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Optional. Only if they are happy to give it.")
    )
    organisation_name = forms.CharField(max_length=150, required=False, label=_("Group (optional)"))
