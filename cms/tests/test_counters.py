"""The one shared-cache counter behind the form rate limits, the sign-in lockout and the send rate."""

from django.core.cache import cache

from cms.counters import count_one_more


def test_a_counter_starts_at_one_and_counts_up():
    cache.delete("test:counter")
    assert [count_one_more("test:counter", 60) for _ in range(3)] == [1, 2, 3]


def test_a_counter_that_ran_out_starts_again(monkeypatch):
    cache.delete("test:counter")
    count_one_more("test:counter", 60)
    # It runs out just after "add" found it still there: "incr" finds nothing.
    real_incr = cache.incr

    def expired_incr(key, *args, **kwargs):
        cache.delete(key)
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", expired_incr)
    assert count_one_more("test:counter", 60) == 1
    monkeypatch.undo()
    assert count_one_more("test:counter", 60) == 2
