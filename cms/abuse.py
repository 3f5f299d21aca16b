"""Protection for the public forms (subscribe, book, enquire): a honeypot and a per-IP rate limit.

The rate limit counts in Django's cache, which is Redis when REDIS_URL is set, so
every web process shares the same counts.
"""

import hashlib
import ipaddress
import logging
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cms.counters import count_one_more

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """Adds a field people never see (hidden with CSS, labelled "leave empty"); bots fill it in.

    Templates render it with ``{% include "includes/honeypot.html" %}``.
    """

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))


def parse_ip(value):
    """An ip_address for a well-formed address (IPv4-mapped IPv6 read as IPv4), else None."""
    try:
        address = ipaddress.ip_address(value.strip())
    except (ValueError, AttributeError):
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


# Where a reverse proxy on this machine or its local network connects from. Named
# explicitly: ipaddress's is_private also covers documentation and other reserved
# ranges, which are not anyone's local network.
INTERNAL_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
]


def is_internal(address):
    return any(address in network for network in INTERNAL_NETWORKS)


_warned_about_proxy = False


def _warn_proxy_guessed(remote_addr):
    global _warned_about_proxy  # once per process is enough to be seen in the log
    if not _warned_about_proxy:
        _warned_about_proxy = True
        logger.warning(
            "Requests arrive from %s with X-Forwarded-For and TRUSTED_PROXY_COUNT is not set: the "
            "rate limit counts the nearest public address in X-Forwarded-For. Set TRUSTED_PROXY_COUNT "
            "to the number of proxies (see the README, 'Behind nginx or Varnish').",
            remote_addr,
        )


def client_ip(request):
    """The caller's address, as the rate limit should count it.

    ``TRUSTED_PROXY_COUNT`` (see the README) says how many reverse proxies append to
    X-Forwarded-For: with N, the client is the Nth entry from the right, which only
    our own proxies wrote. With 0, X-Forwarded-For is ignored (no proxy).

    Unset, the app guesses safely: a request from a public address came straight
    from the visitor, so X-Forwarded-For (which anyone can send) is ignored; a request
    from a loopback or private address came through a proxy, so the right-most public
    entry of X-Forwarded-For (the address the outermost proxy saw) is the visitor.
    Without this guess, everyone behind an unconfigured proxy would share one allowance.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    hops = [hop for hop in (parse_ip(part) for part in forwarded.split(",")) if hop] if forwarded else []
    if proxies is None:
        remote = parse_ip(remote_addr)
        if not hops or remote is None or not is_internal(remote):
            return remote_addr
        _warn_proxy_guessed(remote_addr)
        for hop in reversed(hops):
            if not is_internal(hop):
                return str(hop)
        # Every hop is on the local network: the right-most that is not this machine.
        for hop in reversed(hops):
            if not hop.is_loopback:
                return str(hop)
        return remote_addr
    if proxies and len(hops) >= proxies:
        return str(hops[-proxies])
    return remote_addr


def rate_limit_key_part(ip):
    """What one "caller" is for counting: an IPv4 address, or an IPv6 /64.

    One IPv6 home or phone connection is given a whole /64, so counting single
    addresses would let anyone take a fresh allowance with every request.
    """
    address = parse_ip(ip)
    if address is None:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_limited(request, scope, limit, window_seconds, now=None):
    """Count one attempt for this caller in ``scope``; True once more than ``limit`` in the last window.

    A sliding window, estimated from two fixed windows: the count in the current
    window plus the previous window's count weighted by how much of it still lies
    within the last ``window_seconds``. So a burst at the end of one window and the
    start of the next is still seen as one burst, while each attempt costs only two
    cache round trips (and works with any cache backend, Redis or local memory).
    Refused attempts count too, so a script that keeps hammering stays refused.
    """
    now = time.time() if now is None else now
    caller = hashlib.sha256(rate_limit_key_part(client_ip(request)).encode()).hexdigest()[:16]
    window = int(now // window_seconds)
    elapsed = (now % window_seconds) / window_seconds
    key = f"patchwork:ratelimit:{scope}:{caller}:{window_seconds}:"
    current_key, previous_key = f"{key}{window}", f"{key}{window - 1}"
    # Each counter is needed until the end of the window after its own.
    current = count_one_more(current_key, window_seconds * 2)
    previous = cache.get(previous_key, 0)
    return previous * (1 - elapsed) + current > limit
