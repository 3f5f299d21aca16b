"""Addresses the server is asked to read for someone else: only public web addresses.

Feeds from elsewhere, the post import, fediverse servers and Mastodon or Bluesky accounts are all
addresses typed by people or sent by strangers. Reading them must never reach the server's own
network (a database, a cache, a cloud provider's metadata address), so each reader checks its
address here first. Each feature keeps a setting that lets tests and local set-ups read their
own machine.
"""

import ipaddress
import socket
from urllib.parse import urlsplit


class RefusedAddress(ValueError):
    """An address that may not be read; ``reason`` is "scheme", "unknown" or "private"."""

    def __init__(self, reason, host, message):
        super().__init__(message)
        self.reason = reason
        self.host = host


def default_port(parts):
    try:
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RefusedAddress("scheme", parts.hostname or "", f"Bad port in {parts.geturl()[:200]}") from error


def public_addresses(url, *, allow_private=False):
    """The IP addresses ``url``'s host resolves to, after checking the address may be read.

    Raises RefusedAddress for anything but http(s), for a host that does not resolve, and
    (unless ``allow_private``) for a host any of whose addresses is loopback, private,
    link-local or otherwise not on the public internet. Callers that open their own connection
    should connect to one of the returned addresses, so a second DNS answer cannot move them.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = f"Only http and https addresses can be read: {url[:200]}"
        raise RefusedAddress("scheme", parts.hostname or "", message)
    port = default_port(parts)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RefusedAddress("unknown", parts.hostname, f"Cannot find {parts.hostname}: {error}") from error
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise RefusedAddress("unknown", parts.hostname, f"Cannot find {parts.hostname}")
    if not allow_private:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise RefusedAddress(
                    "private", parts.hostname, f"{parts.hostname} is a private or local address ({address})"
                )
    return addresses
