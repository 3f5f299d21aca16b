"""The words a site uses for the two roles (site settings: 'helper', 'attendee' by default).

``surgeries`` must not import ``home``, so the settings model is looked up by name.
"""

from django.apps import apps

from .models import Role

DEFAULTS = {Role.ATTEND: "attendee", Role.HELP: "helper"}


def role_labels(site):
    """{role: label} for ``site`` (a wagtail Site, or None for the defaults)."""
    if site is None:
        return dict(DEFAULTS)
    site_settings = apps.get_model("home", "SiteSettings").for_site(site)
    return {Role.ATTEND: site_settings.attendee_label, Role.HELP: site_settings.helper_label}
