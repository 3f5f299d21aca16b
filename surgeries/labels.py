"""The words a site uses for the two roles ('attendee' and 'helper' unless the site says otherwise).

The words are kept in the site settings, which belong to ``home``. ``surgeries`` does
not reach into ``home`` for them: ``home`` hands them in by registering a function
under the Wagtail hook named ``ROLE_LABELS_HOOK``. The function takes the Site and
the request (None outside a request) and returns ``{role: label}``.
"""

from django.utils.translation import gettext_lazy

from wagtail import hooks

from .models import Role

ROLE_LABELS_HOOK = "surgeries_role_labels"
DEFAULTS = {Role.ATTEND: gettext_lazy("attendee"), Role.HELP: gettext_lazy("helper")}
# A site that kept the English default word gets it in the reader's language.
ENGLISH_DEFAULTS = {Role.ATTEND: "attendee", Role.HELP: "helper"}


def role_labels(site, request=None):
    """{role: label} for ``site`` (a wagtail Site, or None for the defaults)."""
    labels = dict(DEFAULTS)
    if site is None:
        return labels
    for provide_labels in hooks.get_hooks(ROLE_LABELS_HOOK):
        labels.update(
            {
                role: label
                for role, label in provide_labels(site, request).items()
                if label and label != ENGLISH_DEFAULTS.get(role)
            }
        )
    return labels
