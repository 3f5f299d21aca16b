"""The cache generation that pages, restrictions and translations are cached under."""

from django.core.cache import cache

from cms import site_cache


def test_a_change_starts_a_new_generation():
    before = site_cache.content_version()
    site_cache.forget_sites()
    assert site_cache.content_version() > before


def test_an_evicted_counter_never_brings_back_an_earlier_generation():
    """Entries stored under old generations may outlive the counter; starting again at 1 would serve them."""
    seen = {site_cache.content_version()}
    for _ in range(3):
        site_cache.forget_sites()
        seen.add(site_cache.content_version())
    cache.delete(site_cache.SITE_CACHE_VERSION_KEY)  # evicted
    assert site_cache.content_version() > max(seen)
    cache.delete(site_cache.SITE_CACHE_VERSION_KEY)
    site_cache.forget_sites()  # a change while evicted
    assert site_cache.content_version() > max(seen)
