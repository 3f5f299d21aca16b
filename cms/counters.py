"""Counters in the shared cache (rate limits, sign-in failures, the send rate), alike in every process."""

from django.core.cache import cache


def count_one_more(key, timeout):
    """Add one to the counter ``key`` and return its new value; a new counter starts at 1.

    ``add`` and ``incr`` are each atomic in Redis and in the local-memory cache, so
    processes counting at once never lose a count. A counter that runs out between
    the two starts again.
    """
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1
