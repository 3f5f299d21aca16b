"""What home, place and centre pages list, kept in the cache between readers."""

from django.utils import timezone

from cms.site_cache import GENERATION_CACHE_SECONDS, content_version, generation_cache


def cached_listings(page, request, read):
    """``read()``, what ``page`` lists (a dict of lists), kept for the cache generation.

    Any publish, unpublish, move or delete starts a new generation
    (``cms.site_cache.content_version``), as does a changed picture or author. What the clock
    changes goes too: the listings are kept only until the first surgery in them ends, when it
    leaves "upcoming". A preview reads them each time.
    """
    if page.pk is None or getattr(request, "is_preview", False):
        return read()
    key = f"patchwork:listings:{content_version()}:{page.pk}:{page.live_revision_id}"
    listings = generation_cache().get(key)
    if listings is None:
        listings = read()
        now = timezone.now()
        ends = [(surgery.ends_at - now).total_seconds() for surgery in listings.get("upcoming_surgeries", ())]
        seconds = int(min([GENERATION_CACHE_SECONDS, *ends]))
        if seconds > 0:
            generation_cache().set(key, listings, seconds)
    return listings
