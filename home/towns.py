"""Adding, removing and restoring a town: one form, used by ``manage.py add_town`` and the admin.

A new town gets, in one transaction: its home (a HomePage with its own Site, or a PlacePage
under the network's home page), an organisers' group with page permissions on that subtree
only, a picture and document collection the group may use, the snippet, booking and help-log
permissions organisers need, its site settings (own-Site towns) and an empty starter structure
(draft About, Privacy and Accessibility pages and a draft place for its surgeries).

Removing a town keeps everything: its live pages are unpublished, its Site's host name is
parked under ``.invalid`` and its group loses its permissions; what was there is recorded on
the town (``Town.removed_state``) so ``restore_town`` puts back exactly that.
"""

import re

from django import forms
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Revision,
    Site,
)

from handover.queries import organiser_permissions as help_log_permissions
from newsletters.queries import organiser_permissions as author_permissions
from planet.queries import organiser_permissions as feed_permissions
from surgeries.queries import organiser_permissions as booking_permissions

from .colours import validate_primary_colour
from .models import Facility, HomePage, PlacePage, SiteSettings, StandardPage, Town
from .models.site_settings import role_label_validator

OWN_SITE = "site"
IN_NETWORK = "place"
HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
PARKED_SUFFIX = ".removed.invalid"

# What organisers may do in their own part of the tree. Without "bulk_delete" Wagtail lets
# them delete only pages with nothing below; the town's home itself is kept by a hook
# (home/wagtail_hooks.py), since removing a town is remove_town's job.
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
# Facilities are one vocabulary for the whole network: organisers add and choose them, and only
# network admins rename one (a new name would show on every town's centres).
FACILITY_PERMISSIONS = ["add_facility", "view_facility"]
STARTER_PAGES = [
    ("About us", "about"),
    ("Privacy notice", "privacy"),
    ("Accessibility statement", "accessibility"),
]
LOOK_FIELDS = (
    "primary_colour",
    "footer_text",
    "sender_email",
    "contact_email",
    "helper_label",
    "attendee_label",
)


def permissions(pairs):
    wanted = Q()
    for app_label, codename in pairs:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def organiser_model_permissions():
    """Admin access, the town's authors of posts, the network's centre facilities, bookings and the
    help log.

    Which authors, bookings and help records an organiser then sees is up to those apps' permission
    policies (their own town's). Facilities are one list for the whole network on purpose: a short
    vocabulary ("Free Wi-Fi", "Kitchen") every centre ticks from, holding no town's content, so
    organisers may add one but not rename or delete one another town uses.
    """
    facility = ContentType.objects.get_for_model(Facility)
    return [
        *permissions(ADMIN_ACCESS),
        *Permission.objects.filter(content_type=facility, codename__in=FACILITY_PERMISSIONS),
        *author_permissions(),
        *booking_permissions(),
        *help_log_permissions(),
        *feed_permissions(),
    ]


def network_home():
    """The network's own home page: the default Site's root, where in-network towns go."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def organisers_group_name(name):
    return f"{name} organisers"


class TownForm(forms.Form):
    """Everything a new town needs; every refusal is a message on the field it is about."""

    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("The town's name as readers know it, e.g. 'Walsall'.")
    )
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens for addresses, e.g. 'walsall'."),
    )
    kind = forms.ChoiceField(
        label=_("Where the town lives"),
        choices=[
            (OWN_SITE, _("Its own website, at its own address")),
            (IN_NETWORK, _("A place inside the network's website")),
        ],
        initial=OWN_SITE,
        widget=forms.RadioSelect,
    )
    hostname = forms.CharField(
        required=False,
        max_length=253,
        label=_("Host name"),
        help_text=_("For its own website: the address without https://, e.g. 'walsall.example.org'."),
    )
    port = forms.IntegerField(
        label=_("Port"),
        initial=80,
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
    )
    parent = forms.ModelChoiceField(
        queryset=HomePage.objects.all(),
        required=False,
        label=_("Network home page"),
        help_text=_(
            "For a place inside the network's website: the home page it goes under. "
            "Empty means the main website's home page."
        ),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=8, decimal_places=5, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5, min_value=-180, max_value=180
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"),
        required=False,
        max_length=120,
        help_text=_("Who runs the town's website. Empty means the town's name."),
    )
    primary_colour = forms.CharField(
        required=False,
        max_length=7,
        validators=[validate_primary_colour],
        label=_("Primary colour"),
        help_text=_("The colour of the top of its pages, e.g. #14532d; white text must be readable on it."),
    )
    footer_text = forms.CharField(
        label=_("Footer text"), required=False, max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    sender_email = forms.EmailField(
        label=_("Sender email"), required=False, help_text=_("The address its emails come from.")
    )
    contact_email = forms.EmailField(
        label=_("Contact email"), required=False, help_text=_("Where readers can write to the organisers.")
    )
    helper_label = forms.CharField(
        label=_("Helper label"), required=False, max_length=40, validators=[role_label_validator]
    )
    attendee_label = forms.CharField(
        label=_("Attendee label"), required=False, max_length=40, validators=[role_label_validator]
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Town.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("There is already a town with the short name '%(slug)s'."), params={"slug": slug}
            )
        return slug

    def clean_hostname(self):
        return self.cleaned_data["hostname"].strip().lower().rstrip(".")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Group.objects.filter(name=organisers_group_name(name)).exists():
            raise forms.ValidationError(
                _("There is already a group called '%(group)s'; choose another name."),
                params={"group": organisers_group_name(name)},
            )
        return name

    def clean(self):
        data = super().clean()
        kind, slug = data.get("kind"), data.get("slug")
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", gettext("Give both latitude and longitude, or neither."))
        if kind == OWN_SITE:
            self._clean_own_site(data, slug)
        elif kind == IN_NETWORK:
            self._clean_in_network(data, slug)
        return data

    def _clean_own_site(self, data, slug):
        hostname, port = data.get("hostname"), data.get("port") or 80
        data["port"] = port
        if not hostname:
            self.add_error(
                "hostname",
                gettext("A town with its own website needs a host name, e.g. walsall.example.org."),
            )
        elif not HOSTNAME.match(hostname):
            self.add_error(
                "hostname",
                gettext("'%(hostname)s' is not a host name: use letters, digits, hyphens and dots.")
                % {"hostname": hostname},
            )
        elif Site.objects.filter(hostname=hostname, port=port).exists():
            self.add_error(
                "hostname",
                gettext("The address %(address)s is already used by another website.")
                % {"address": f"{hostname}:{port}"},
            )
        if slug and Page.get_first_root_node().get_children().filter(slug=slug).exists():
            self.add_error(
                "slug",
                gettext("A website's home page already uses the short name '%(slug)s'.") % {"slug": slug},
            )

    def _clean_in_network(self, data, slug):
        parent = data.get("parent") or network_home()
        if parent is None:
            self.add_error("parent", gettext("There is no network website to put the town in yet."))
            return
        data["parent"] = parent
        if data.get("hostname"):
            self.add_error("hostname", gettext("Only a town with its own website has a host name."))
        for field in ("primary_colour", "footer_text", "sender_email"):
            if data.get(field):
                self.add_error(
                    field,
                    gettext(
                        "A town inside the network's website shares its look and address: "
                        "give it its own website first."
                    ),
                )
        if slug and parent.get_children().filter(slug=slug).exists():
            self.add_error(
                "slug",
                gettext("The network's home page already has a page with the short name '%(slug)s'.")
                % {"slug": slug},
            )


def _add_draft(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def _add_live(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def create_town(data, user=None):
    """Build a town from a valid TownForm's ``cleaned_data``; all or nothing."""
    locale = Locale.get_default()
    name = data["name"]
    site = None
    if data["kind"] == OWN_SITE:
        home = _add_live(Page.get_first_root_node(), HomePage(title=name, slug=data["slug"], locale=locale))
        site = Site.objects.create(
            hostname=data["hostname"], port=data["port"], root_page=home, site_name=name
        )
        settings = SiteSettings.for_site(site)
        settings.organisation_name = data.get("organisation_name") or name
        for field in LOOK_FIELDS:
            if data.get(field):
                setattr(settings, field, data[field])
        settings.full_clean(exclude=["site", "logo"])
        settings.save()
        for title, slug in STARTER_PAGES:
            _add_draft(home, StandardPage(title=title, slug=slug, locale=locale))
        _add_draft(home, PlacePage(title=f"{name} surgeries", slug="surgeries", locale=locale))
    else:
        home = _add_live(data["parent"], PlacePage(title=name, slug=data["slug"], locale=locale))

    group = Group.objects.create(name=organisers_group_name(name))
    group.permissions.add(*organiser_model_permissions())
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.create(group=group, page=home, permission=permission)
    if site is not None:
        # Their own website's settings (logo, colour, footer), and no other website's.
        change_settings = ContentType.objects.get_for_model(SiteSettings).permission_set.get(
            codename="change_sitesettings"
        )
        GroupSitePermission.objects.create(group=group, site=site, permission=change_settings)
    collection = Collection.get_first_root_node().add_child(name=name)
    for permission in permissions(COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.create(group=group, collection=collection, permission=permission)

    return Town.objects.create(
        name=name,
        slug=data["slug"],
        root_page=home,
        site=site,
        organisers=group,
        collection=collection,
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
    )


class TownError(Exception):
    """Raised when a town cannot be removed or restored as asked; the message says why."""


@transaction.atomic
def remove_town(town, user=None):
    """Take a town off the web and out of its organisers' hands, keeping every row."""
    town = Town.objects.select_for_update().get(pk=town.pk)
    if not town.is_active:
        raise TownError(f"{town.name} is already removed.")
    if town.site_id and town.site.is_default_site:
        raise TownError(
            f"{town.name}'s website is the default one, which answers any unknown address; "
            "make another website the default first."
        )
    state = {
        "pages": [],
        "site": None,
        "permissions": [],
        "page_permissions": [],
        "collection_permissions": [],
        "site_permissions": [],
    }
    for page in town.root_page.get_descendants(inclusive=True).live().specific().order_by("-depth"):
        state["pages"].append([page.pk, page.live_revision_id])
        page.unpublish(user=user)
    if town.site_id:
        site = town.site
        state["site"] = {"hostname": site.hostname, "port": site.port}
        site.hostname = f"{town.slug}-{site.pk}{PARKED_SUFFIX}"
        site.save()
    if town.organisers_id:
        group = town.organisers
        state["permissions"] = list(group.permissions.values_list("pk", flat=True))
        page_rows = GroupPagePermission.objects.filter(group=group)
        collection_rows = GroupCollectionPermission.objects.filter(group=group)
        site_rows = GroupSitePermission.objects.filter(group=group)
        state["site_permissions"] = list(site_rows.values_list("site_id", "permission_id"))
        state["page_permissions"] = list(page_rows.values_list("page_id", "permission_id"))
        state["collection_permissions"] = list(collection_rows.values_list("collection_id", "permission_id"))
        group.permissions.clear()
        page_rows.delete()
        collection_rows.delete()
        site_rows.delete()
    town.removed_state = state
    town.is_active = False
    town.save(update_fields=["removed_state", "is_active"])
    return town


@transaction.atomic
def restore_town(town, user=None):
    """Put back what ``remove_town`` took away: the same pages live, the same address and permissions."""
    town = Town.objects.select_for_update().get(pk=town.pk)
    if town.is_active:
        raise TownError(f"{town.name} is not removed.")
    state = town.removed_state or {}
    if town.site_id and state.get("site"):
        old = state["site"]
        if Site.objects.filter(hostname=old["hostname"], port=old["port"]).exclude(pk=town.site_id).exists():
            raise TownError(
                f"Another website now uses {old['hostname']}:{old['port']}; "
                f"move it before restoring {town.name}."
            )
        site = town.site
        site.hostname, site.port = old["hostname"], old["port"]
        site.save()
    pages = state.get("pages", [])
    revisions = Revision.page_revisions.in_bulk([revision_id for _, revision_id in pages if revision_id])
    depths = dict(Page.objects.filter(pk__in=[page_id for page_id, _ in pages]).values_list("pk", "depth"))
    for page_id, revision_id in sorted(pages, key=lambda row: depths.get(row[0], 0)):
        revision = revisions.get(revision_id)
        if revision is not None:
            revision.publish(user=user)
        else:
            Page.objects.get(pk=page_id).specific.save_revision(user=user).publish(user=user)
    if town.organisers_id:
        group = town.organisers
        group.permissions.add(*state.get("permissions", []))
        for page_id, permission_id in state.get("page_permissions", []):
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission_id=permission_id
            )
        for collection_id, permission_id in state.get("collection_permissions", []):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection_id=collection_id, permission_id=permission_id
            )
        for site_id, permission_id in state.get("site_permissions", []):
            GroupSitePermission.objects.get_or_create(
                group=group, site_id=site_id, permission_id=permission_id
            )
    town.removed_state = {}
    town.is_active = True
    town.save(update_fields=["removed_state", "is_active"])
    return town
