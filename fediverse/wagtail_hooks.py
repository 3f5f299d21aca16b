from django.template.loader import render_to_string
from django.utils.translation import gettext

from wagtail import hooks

from newsletters.templatetags.publication_tags import PUBLICATION_ASIDE_HOOK

from . import activities
from .models import Follower

# The subscribers screen (subscriptions) lists extra audience counts registered under this
# name; subscriptions does not import this app, so the name is the only thing both share.
AUDIENCE_COUNTS_HOOK = "publication_audience_counts"


@hooks.register(PUBLICATION_ASIDE_HOOK)
def follow_box(context, publication):
    """The publication's fediverse address as plain text, beside its posts (no script, no cookie)."""
    return render_to_string(
        "fediverse/follow_box.html",
        {"publication": publication, "handle": activities.handle(publication)},
    )


@hooks.register(AUDIENCE_COUNTS_HOOK)
def follower_count(publication):
    """(label, number) shown beside the subscriber counts."""
    count = Follower.objects.filter(actor__page=publication).count()
    return gettext("Fediverse followers"), count
