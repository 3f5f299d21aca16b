"""What a front cache must forget when a centre's hours or the site's settings change (cms/front_cache.py)."""

from cms import front_cache

from .models import CommunityCentrePage

# "Open now" on a centre page changes with the clock, not with a publish: shared caches keep
# the page at most this long (seconds), however long other pages are kept.
CENTRE_SHARED_CACHE_SECONDS = 300


def hours_exception_changed(sender, instance, **kwargs):
    """A dated change to a centre's opening hours: its page must show it at once."""
    if front_cache.enabled():
        centre = CommunityCentrePage.objects.filter(pk=instance.page_id, live=True).first()
        if centre is not None:
            front_cache.purge_page_later(centre)


def site_settings_changed(sender, instance, **kwargs):
    """The organisation's name, contacts and links are on every page: drop the whole site."""
    front_cache.ban_site_later(instance.site)


def limit_centre_lifetime(page, request, serve_args, serve_kwargs):
    """``before_serve_page``: a centre page is kept briefly by shared caches (see cms.http)."""
    if isinstance(page, CommunityCentrePage):
        request.shared_cache_max_seconds = CENTRE_SHARED_CACHE_SECONDS
