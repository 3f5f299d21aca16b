"""Towns of the network: who runs which part of the page tree, and where it is on the map.

A town is either its own Wagtail Site (its own host name, rooted at its own HomePage) or a
PlacePage under the network's home page. Either way its pages, images and organisers are
scoped by ``root_page`` (a subtree), ``collection`` and ``organisers`` (a Group holding page
and collection permissions on just those). ``manage.py add_town`` and the admin form
(home/towns.py) create all of them in one transaction; ``remove_town`` sets ``is_active``
off without deleting anything, and ``restore_town`` turns it back on.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Town(models.Model):
    """One town's front door and the people and media that belong to it."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("The town's name as readers know it, e.g. 'Walsall'.")
    )
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        help_text=_("Lower-case letters, numbers and hyphens, e.g. 'walsall'."),
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="town",
        verbose_name=_("home of the town"),
        help_text=_("Its own website's home page, or its place under the network's home."),
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="town",
        verbose_name=_("website"),
        help_text=_("The town's own website; empty for a town inside the network's site."),
    )
    organisers = models.OneToOneField(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="town",
        verbose_name=_("organisers' group"),
        help_text=_("Its members may edit the town's pages, pictures and bookings."),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="town",
        verbose_name=_("picture and document collection"),
        help_text=_("Where the town's pictures and documents are kept."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Where the town is, for 'nearest to me', e.g. 52.58611."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("East (+) or west (-) of Greenwich, e.g. -1.98250."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Off when the town has been removed: its pages are unpublished and kept."),
    )
    removed_state = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What remove_town took away (live pages, address, permissions), for restore_town."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="home_town_latitude_and_longitude_together",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def has_own_site(self):
        return self.site_id is not None
