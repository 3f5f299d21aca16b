"""Room-hire enquiries sent from a community centre's page."""

from django.db import models

from .centres import CommunityCentrePage, HirerKind


class RoomHireEnquiry(models.Model):
    """Someone asking to hire a room. Stored so the centre's editors can follow it up in the admin,
    and emailed to the centre by a task."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        REPLIED = "replied", "Replied"
        BOOKED = "booked", "Booked"
        DECLINED = "declined", "Declined"

    centre = models.ForeignKey(
        CommunityCentrePage, on_delete=models.CASCADE, related_name="room_hire_enquiries"
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
        max_length=80, help_text="The room's name when the enquiry was sent (kept if the room is removed)."
    )
    date = models.DateField(help_text="The day they would like the room.")
    starts_at = models.TimeField(help_text="From what time.")
    ends_at = models.TimeField(help_text="Until what time.")
    hirer_kind = models.CharField(
        max_length=20, choices=HirerKind.choices, help_text="Who is hiring: this sets the hourly rate."
    )
    attendees = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people they expect, if they said."
    )
    purpose = models.TextField(help_text="What they want the room for, in their words.")
    name = models.CharField(max_length=120, help_text="Who to reply to.")
    email = models.EmailField(help_text="Their email address: reply to this.")
    phone = models.CharField(max_length=30, blank=True, help_text="Their phone number, if they gave one.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        help_text="Where you are with this enquiry, so colleagues do not reply twice.",
    )
    notes = models.TextField(
        blank=True, help_text="Notes for the centre's team only, e.g. 'Offered Tuesday instead'."
    )
    created_at = models.DateTimeField(auto_now_add=True)
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
