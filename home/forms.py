"""The room-hire enquiry form on a community centre's page."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.abuse import HoneypotFormMixin

from .hours import local_now
from .models import HirerKind, RoomHireEnquiry

# Centres plan their diaries about a year ahead; later dates are almost always typing mistakes.
FURTHEST_AHEAD = timedelta(days=2 * 365)
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]


class RoomHireEnquiryForm(HoneypotFormMixin, forms.Form):
    """Asks for a room on a date and time. ``rooms`` are the centre's rooms (already loaded)."""

    room = forms.TypedChoiceField(label=_("Room"), coerce=int, empty_value=None)
    date = forms.DateField(
        label=_("Date"),
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example 14/03/2027."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date you would like the room."),
            "invalid": _("Enter a real date, for example 14/03/2027."),
        },
    )
    starts_at = forms.TimeField(
        label=_("From"),
        help_text=_("For example 18:30."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the time you would like the room from."),
            "invalid": _("Enter a time on the 24-hour clock, for example 18:30."),
        },
    )
    ends_at = forms.TimeField(
        label=_("Until"),
        help_text=_("For example 21:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the time you would need the room until."),
            "invalid": _("Enter a time on the 24-hour clock, for example 21:00."),
        },
    )
    hirer_kind = forms.ChoiceField(
        label=_("Who is hiring the room?"),
        choices=HirerKind.choices,
        widget=forms.RadioSelect,
        help_text=_("The hourly rate depends on this."),
        error_messages={"required": _("Choose who is hiring the room.")},
    )
    attendees = forms.IntegerField(
        label=_("How many people? (optional)"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": _("Enter the number of people as a number, for example 25.")},
    )
    purpose = forms.CharField(
        label=_("What is the room for?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example 'a 60th birthday party' or 'monthly residents' meeting'."),
        error_messages={"required": _("Tell the centre what you would like the room for.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The centre will reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, rooms, **kwargs):
        kwargs.setdefault("auto_id", "hire-%s")
        super().__init__(*args, **kwargs)
        self.rooms = {room.pk: room for room in rooms}
        self.fields["room"].choices = [
            ("", _("Choose a room")),
            *((pk, room.name) for pk, room in self.rooms.items()),
        ]
        self.fields["room"].error_messages.update(
            required=_("Choose the room you would like."),
            invalid_choice=_("Choose one of the rooms listed."),
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = local_now().date()
        if day < today:
            raise forms.ValidationError(_("The date has passed: choose today or a later date."))
        if day > today + FURTHEST_AHEAD:
            raise forms.ValidationError(_("Choose a date within the next two years."))
        return day

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The finishing time must be after the start time."))
        room, attendees = self.rooms.get(cleaned.get("room")), cleaned.get("attendees")
        if room and attendees and attendees > room.capacity:
            self.add_error(
                "attendees",
                _("The %(room)s holds up to %(capacity)s people.")
                % {"room": room.name, "capacity": room.capacity},
            )
        return cleaned

    def save(self, centre):
        """Store the enquiry for ``centre``. Only call after ``is_valid()``."""
        data = self.cleaned_data
        room = self.rooms[data["room"]]
        return RoomHireEnquiry.objects.create(
            centre=centre,
            room=room,
            room_name=room.name,
            date=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            hirer_kind=data["hirer_kind"],
            attendees=data["attendees"],
            purpose=data["purpose"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
        )
