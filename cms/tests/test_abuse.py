from django import forms
from django.test import RequestFactory

from cms.abuse import HoneypotFormMixin, client_ip, rate_limited


class ContactForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField()


def test_honeypot_flags_bots_that_fill_every_field():
    assert ContactForm({"email": "a@example.com", "website": "http://spam.example"}).is_spam()
    assert not ContactForm({"email": "a@example.com", "website": ""}).is_spam()


def test_rate_limit_counts_per_ip_and_scope():
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="203.0.113.5")
    other = factory.post("/", REMOTE_ADDR="203.0.113.6")
    results = [rate_limited(first, "subscribe", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert not rate_limited(other, "subscribe", limit=3, window_seconds=60)
    assert not rate_limited(first, "booking", limit=3, window_seconds=60)


def test_forwarded_for_is_only_believed_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"


def post_from(remote_addr, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **extra)


def test_the_window_slides_so_a_burst_across_a_window_edge_is_still_refused():
    request = post_from("203.0.113.20")
    # Ten attempts in the last second of one hour-long window...
    assert not any(rate_limited(request, "edge", 10, 3600, now=3599.0) for _ in range(10))
    # ...and the next one, a second later in the next window, is still over the limit.
    assert rate_limited(request, "edge", 10, 3600, now=3600.5)


def test_the_allowance_comes_back_gradually_as_old_attempts_slide_out():
    request = post_from("203.0.113.21")
    for _ in range(10):
        rate_limited(request, "gradual", 10, 3600, now=0.0)
    # Half way through the next window, half of the old attempts still count.
    results = [rate_limited(request, "gradual", 10, 3600, now=5400.0) for _ in range(6)]
    assert results == [False] * 5 + [True]
    # Two windows later nothing old counts.
    assert not rate_limited(post_from("203.0.113.21"), "gradual", 10, 3600, now=7200.0 + 3600)


def test_ipv6_addresses_in_one_64_share_an_allowance_and_other_64s_do_not():
    attempts = [post_from(f"2001:db8:1:2::{n:x}") for n in range(1, 5)]
    assert [rate_limited(r, "v6", 3, 60) for r in attempts] == [False, False, False, True]
    assert not rate_limited(post_from("2001:db8:1:3::1"), "v6", 3, 60)


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address():
    for _ in range(2):
        rate_limited(post_from("192.0.2.50"), "mapped", 2, 60)
    assert rate_limited(post_from("::ffff:192.0.2.50"), "mapped", 2, 60)


def test_unset_proxy_count_never_believes_forwarded_for_from_a_public_address(settings):
    settings.TRUSTED_PROXY_COUNT = None
    spoofed = post_from("203.0.113.9", forwarded="198.51.100.1")
    assert client_ip(spoofed) == "203.0.113.9"


def test_unset_proxy_count_behind_a_local_proxy_counts_each_visitor_apart(settings):
    """Behind nginx on the same machine, visitors must not share the proxy's one allowance."""
    settings.TRUSTED_PROXY_COUNT = None
    first = post_from("127.0.0.1", forwarded="198.51.100.1")
    second = post_from("127.0.0.1", forwarded="198.51.100.2")
    assert (client_ip(first), client_ip(second)) == ("198.51.100.1", "198.51.100.2")
    assert [rate_limited(first, "proxied", 2, 60) for _ in range(3)] == [False, False, True]
    assert not rate_limited(second, "proxied", 2, 60)
    # A visitor who sends their own X-Forwarded-For through the proxy cannot pick an address:
    # nginx appends the real one, and the right-most public entry is believed.
    forged = post_from("127.0.0.1", forwarded="6.6.6.6, 198.51.100.1")
    assert client_ip(forged) == "198.51.100.1"
    # Varnish in front of nginx, both local: the proxies' own loopback entries are skipped.
    assert client_ip(post_from("127.0.0.1", forwarded="198.51.100.3, 127.0.0.1")) == "198.51.100.3"
    # A visitor on the local network itself is counted by their own address.
    assert client_ip(post_from("127.0.0.1", forwarded="10.9.9.9, 192.168.1.20")) == "192.168.1.20"


def test_counted_proxies_believe_exactly_their_own_entries(settings):
    settings.TRUSTED_PROXY_COUNT = 2  # Varnish, then nginx
    request = post_from("127.0.0.1", forwarded="6.6.6.6, 198.51.100.4, 127.0.0.1")
    assert client_ip(request) == "198.51.100.4"
    # Fewer entries than proxies (something bypassed a proxy) or garbage: the direct address.
    assert client_ip(post_from("10.0.0.7", forwarded="198.51.100.4")) == "10.0.0.7"
    assert client_ip(post_from("10.0.0.7", forwarded="not-an-address, nor-this")) == "10.0.0.7"
