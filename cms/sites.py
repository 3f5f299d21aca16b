"""Which website a request is for, and the address links in emails and calendars start with.

One install can serve several towns, each a Wagtail Site rooted at its own home page. Work
done outside a request (emails, reminders, calendar attachments) has no host to go on, so a
link about a page starts with the root address of the Site that page belongs to
(``page_site_url``): town B's mail links to town B's host. Only what belongs to no page (links
into the admin) uses the one address in ``WAGTAILADMIN_BASE_URL``.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Site


def base_url():
    """The admin's address with no trailing slash, for links that belong to no page (admin screens)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def page_site_url(page, request=None):
    """The root address (scheme, host and port; no trailing slash) of the Site ``page`` belongs to.

    Emails, calendars and feeds about a page start their links here, so each town's content links
    to its own host. Wagtail keeps the Sites' root paths in the cache (and on ``request``), so this
    costs no query per page. A page no Site serves, or no page at all, falls back to ``base_url()``.
    """
    if page is not None:
        parts = page.get_url_parts(request)
        if parts and parts[1]:
            return parts[1].rstrip("/")
    return base_url()


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
