"""The hand-over form a helper fills in beside the newcomer, and the newcomer's password form."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from newsletters.models import PublicationPage
from surgeries.queries import surgeries_for_the_help_log, surgery_places, titles_above, topic_choices

from .models import HelpRecord
from .setup import Newcomer

MAY_BE_ASKED = HelpRecord._meta.get_field("newcomer_may_be_asked")

NO_PLACE_MESSAGE = _(
    "Choose the place their group is in, or the surgery you are at: their newsletter or blog is "
    "listed in that place."
)


def surgery_label(surgery):
    """'Wed 4 March 2026, 10:00 — Kingstanding Community Centre', in the site's time zone."""
    when = timezone.localtime(surgery.starts_at)
    where = surgery.venue.title if surgery.venue_id and surgery.venue else surgery.place_title
    label = date_format(when, "D j F Y, H:i")
    return f"{label} — {where}" if where else label


class SurgerySelect(forms.Select):
    """Each surgery option carries its place, so a small script can fill in the place field."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        place_id = getattr(getattr(value, "instance", None), "place_id", None)
        if place_id:
            option["attrs"]["data-place"] = str(place_id)
        return option


class PlaceChoiceField(forms.ModelChoiceField):
    """Places named by where they are ('Test Town', then 'Kingstanding'), not by page type."""

    title_paths = None

    def label_from_instance(self, obj):
        if self.title_paths is None:
            # Worked out when the list is first shown, in one query for all the places.
            self.title_paths = titles_above(self.queryset)
        return self.title_paths.get(obj.pk) or obj.title


class NewcomerForm(forms.Form):
    """Everything needed to leave someone publishing, on one screen."""

    name = forms.CharField(
        label=_("Their name"),
        max_length=150,
        help_text=_("The newcomer's name as they like to be called, e.g. 'Maureen Lewis'."),
    )
    email = forms.EmailField(
        label=_("Their email address (optional)"),
        required=False,
        help_text=_(
            "Private: we email them their invitation link and they log in with it. It is never shown "
            "on the website. Leave it empty if they have no email address yet: they can scan the code "
            "on the next screen with their phone instead."
        ),
    )
    preferred_language = forms.ChoiceField(
        label=_("Their preferred language"),
        choices=settings.WAGTAILADMIN_PERMITTED_LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,  # left out: the site's own language
        help_text=_(
            "Their invitation email, welcome page, help text and the editing screens use this language. "
            "They can change it later in their account settings."
        ),
    )
    public_contact_name = forms.CharField(
        label=_("Public contact name (shown on your pages)"),
        max_length=100,
        required=False,
        help_text=_(
            "Optional. Shown to everyone on their newsletter or blog, on every post and on printed "
            "issues, e.g. 'Maureen, coordinator'. Leave it empty to show no name."
        ),
    )
    public_contact_email = forms.EmailField(
        label=_("Public contact email (shown on your pages)"),
        required=False,
        help_text=_(
            "Optional. Shown to everyone on their newsletter or blog, on every post and on printed "
            "issues, so readers can write to the group. Only fill this in if they want this address "
            "shown: a group address is best. Leave it empty to show no email address."
        ),
    )
    group_name = forms.CharField(
        label=_("Their group's name"),
        max_length=150,
        help_text=_("The name readers will see, e.g. 'Kingstanding Neighbourhood Watch'."),
    )
    kind = forms.ChoiceField(
        label=_("Newsletter or blog"),
        choices=PublicationPage.Kind.choices,
        initial=PublicationPage.Kind.NEWSLETTER,
        widget=forms.RadioSelect,
        help_text=_(
            "A newsletter comes out in issues people can get by email; a blog has posts now and then."
        ),
    )
    place = PlaceChoiceField(
        label=_("The place it belongs to"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=_("Same place as the surgery"),
        error_messages={"invalid_choice": _("Choose a place (a town or neighbourhood) from the list.")},
        help_text=_(
            "The neighbourhood or town their group is in. Their publication is listed there. "
            "Leave it as it is to use the place of the surgery you choose below."
        ),
    )
    surgery = forms.ModelChoiceField(
        label=_("The surgery (optional)"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=_("Not at a surgery"),
        widget=SurgerySelect,
        help_text=_(
            "The surgery where you are helping them, so the help log can count it. Today's surgery "
            "is chosen for you; choose 'Not at a surgery' if you are helping them somewhere else."
        ),
    )
    topics = forms.MultipleChoiceField(
        label=_("What you helped with"),
        choices=topic_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everything you helped with today."),
    )
    review_first_posts = forms.BooleanField(
        label=_("Review their first posts before they go live"),
        required=False,
        help_text=_(
            "If ticked, their posts come to you to approve before readers see them. "
            "Leave it empty if they are confident to publish on their own."
        ),
    )
    # Worded as in the help log, where an organiser can change it later.
    newcomer_may_be_asked = forms.BooleanField(
        label=capfirst(MAY_BE_ASKED.verbose_name), required=False, help_text=MAY_BE_ASKED.help_text
    )

    def __init__(self, *args, site_root=None, **kwargs):
        """``site_root``: the helper's site, whose places and surgeries are offered (all if None)."""
        super().__init__(*args, **kwargs)
        places = surgery_places(site_root)
        self.fields["place"].queryset = places
        surgeries = surgeries_for_the_help_log(site_root)
        self.fields["surgery"].queryset = surgeries
        self.fields["surgery"].label_from_instance = surgery_label
        self.fields["surgery"].widget.attrs["data-fills-place"] = self["place"].auto_id
        if not self.is_bound and "surgery" not in self.initial:
            self.initial["surgery"] = self.todays_surgery(surgeries)

    @staticmethod
    def todays_surgery(surgeries):
        """The surgery on today's date (local time), the one on now or next if there are several."""
        now = timezone.localtime()
        start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today = surgeries.filter(starts_at__gte=start_of_day, starts_at__lt=start_of_day + timedelta(days=1))
        return (
            today.filter(ends_at__gte=now).order_by("starts_at", "pk").first()
            or today.order_by("-starts_at", "-pk").first()
        )

    def clean(self):
        cleaned = super().clean()
        surgery = cleaned.get("surgery")
        if cleaned.get("place") is None and "place" not in self.errors:
            place = self.fields["place"].queryset.filter(pk=surgery.place_id).first() if surgery else None
            if place is None:
                self.add_error("place", NO_PLACE_MESSAGE)
            else:
                cleaned["place"] = place
        return cleaned

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(gettext("Type the newcomer's name."))
        return name

    def clean_group_name(self):
        return " ".join(self.cleaned_data["group_name"].split())

    def newcomer(self):
        return Newcomer(**self.cleaned_data)


class ChoosePasswordForm(SetPasswordForm):
    """Django's own password form (and validators) with words for someone new to this."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = gettext("Choose a password")
        self.fields["new_password1"].help_text = gettext(
            "At least 8 characters. Not just numbers, not a common password and not like your name. "
            "Three or four random words make a good one."
        )
        self.fields["new_password2"].label = gettext("Type it again")
        self.fields["new_password2"].help_text = gettext("So we know there was no typing mistake.")
        mismatch = gettext("The two passwords are different. Please type them again.")
        self.error_messages = {**self.error_messages, "password_mismatch": mismatch}
