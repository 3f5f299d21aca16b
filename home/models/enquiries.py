"""Room-hire enquiries sent from a community centre's page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .centres import CommunityCentrePage, HirerKind


class RoomHireEnquiry(models.Model):
    """Someone asking to hire a room. Stored so the centre's editors can follow it up in the admin,
    and emailed to the centre by a task."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REPLIED = "replied", _("Replied")
        BOOKED = "booked", _("Booked")
        DECLINED = "declined", _("Declined")

    centre = models.ForeignKey(
        CommunityCentrePage,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="room_hire_enquiries",
    )
    room = models.ForeignKey(
        "home.CentreRoom",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        help_text="The room asked for, if it is still listed on the centre's page.",
    )
    room_name = models.CharField(
        _("room"),
        max_length=80,
        help_text="The room's name when the enquiry was sent (kept if the room is removed).",
    )
    date = models.DateField(_("date wanted"), help_text="The day they would like the room.")
    starts_at = models.TimeField(_("from"), help_text="From what time.")
    ends_at = models.TimeField(_("until"), help_text="Until what time.")
    hirer_kind = models.CharField(
        _("who is hiring"),
        max_length=20,
        choices=HirerKind.choices,
        help_text="Who is hiring: this sets the hourly rate.",
    )
    attendees = models.PositiveIntegerField(
        _("people expected"), null=True, blank=True, help_text="How many people they expect, if they said."
    )
    purpose = models.TextField(_("what for"), help_text="What they want the room for, in their words.")
    name = models.CharField(_("name"), max_length=120, help_text="Who to reply to.")
    email = models.EmailField(_("email"), help_text="Their email address: reply to this.")
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text="Their phone number, if they gave one."
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        help_text=_("Where you are with this enquiry, so colleagues do not reply twice."),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Notes for the centre's team only, e.g. 'Offered Tuesday instead'."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the enquiry was emailed to the centre."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "room-hire enquiry"
        verbose_name_plural = "room-hire enquiries"
        # Granted in Settings > Groups ("Other permissions"); superusers always have it.
        permissions = [
            ("export_personal_data", "Can download everything the site holds about an email address"),
        ]

    def __str__(self):
        return f"{self.name}: {self.room_name}, {self.date:%-d %b %Y}"
