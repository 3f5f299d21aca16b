"""Which website a request is for, and the address links in emails and calendars start with.

One install can serve several towns, each a Wagtail Site rooted at its own home page; work
done outside a request (emails, calendar feeds) has no host to go on, so it uses the one
public address in ``WAGTAILADMIN_BASE_URL``.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Site


def base_url():
    """The site's public address with no trailing slash, for links that leave the browser."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def request_site(request):
    """The Site this address serves; 404 (not a 500) when none is set up for it."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("There is no website at this address."))
    return site


def site_root(request, *, in_request_language=True, required=True):
    """The home page of the request's Site: listings and feeds cover everything below it.

    ``in_request_language``: its live translation in the language of the URL, when there is
    one (a reader on /cy/ sees the Welsh tree). ``required=False`` gives None instead of a 404
    when no Site exists, for admin screens that then offer every place.
    """
    if not required and Site.find_for_request(request) is None:
        return None
    root = request_site(request).root_page
    return root.localized if in_request_language else root
