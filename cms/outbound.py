"""Addresses the server is asked to read for someone else: only public web addresses.

Feeds from elsewhere, the post import, fediverse servers and Mastodon or Bluesky accounts are all
addresses typed by people or sent by strangers. Reading them must never reach the server's own
network (a database, a cache, a cloud provider's metadata address), so every such read goes
through ``request`` here. Each feature keeps a setting that lets tests and local set-ups read
their own machine.

``request`` checks every hop before it connects: http or https only, and a host whose addresses
are all public. It then connects to the address it checked, not to whatever DNS answers next,
so a name that points somewhere else a moment later (DNS rebinding) cannot move it. Redirects
are followed only when the caller allows them, each checked again. Every read is bounded: a
timeout to connect and between bytes, a watchdog for the whole read (a server trickling a byte
at a time never trips the other), and a size limit.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_BYTES = 1_000_000
CHUNK_BYTES = 64 * 1024
# Headers that prove who we are: not sent on when a redirect leads to another site.
CREDENTIALS = frozenset({"authorization", "cookie", "proxy-authorization", "signature"})


class OutboundError(Exception):
    """A read that was refused or failed; ``reason`` says how, for callers to word their own message.

    Reasons: "scheme" (not http or https, or a bad port), "unknown" (the host cannot be found),
    "private" (it resolves to a non-public address), "connection", "timeout", "too_big",
    "redirects" (more than allowed) and "no_location" (a redirect naming no address). ``url`` is
    the address being read when it happened; ``status`` is set for "no_location", ``size`` for a
    "too_big" answer that declared its length.
    """

    def __init__(self, reason, message, *, host="", url="", status=None, size=None):
        super().__init__(message)
        self.reason = reason
        self.host = host
        self.url = url
        self.status = status
        self.size = size


class RefusedAddress(OutboundError, ValueError):
    """An address refused before any connection: ``reason`` is "scheme", "unknown" or "private"."""

    def __init__(self, reason, host, message, url=""):
        super().__init__(reason, message, host=host, url=url)


@dataclass
class Answer:
    """What the server answered. ``headers`` looks names up in any case; ``url`` is after redirects."""

    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes
    url: str


def is_public(address):
    """Whether an IP address (as text) is on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    return ip.is_global


def default_port(parts):
    try:
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        url = parts.geturl()
        raise RefusedAddress("scheme", parts.hostname or "", f"Bad port in {url[:200]}", url) from error


def public_addresses(url, *, allow_private=False):
    """The IP addresses ``url``'s host resolves to, after checking the address may be read.

    Raises RefusedAddress for anything but http(s), for a host that does not resolve, and
    (unless ``allow_private``) for a host any of whose addresses is loopback, private,
    link-local or otherwise not on the public internet.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = f"Only http and https addresses can be read: {url[:200]}"
        raise RefusedAddress("scheme", parts.hostname or "", message, url)
    port = default_port(parts)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RefusedAddress(
            "unknown", parts.hostname, f"Cannot find {parts.hostname}: {error}", url
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise RefusedAddress("unknown", parts.hostname, f"Cannot find {parts.hostname}", url)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                message = f"{parts.hostname} is a private or local address ({address})"
                raise RefusedAddress("private", parts.hostname, message, url)
    return addresses


# --- the connection ---------------------------------------------------------------------------


class Pinned:
    """What both pinned connections share: the checked addresses, and a way to cut a read off.

    The watchdog calls ``cut`` from its own thread. ``keep`` and ``cut`` each look at what the
    other set, so a cut that comes while the socket is still being opened is not lost.
    """

    addresses = ()
    kept_sock = None  # ours: http.client lets go of its socket once an answer says it will close
    cut_off = False

    def open_socket(self):
        """A connection to the first checked address that answers."""
        error = OSError(f"No address for {self.host}")
        for address in self.addresses:
            if self.cut_off:
                break
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as problem:
                error = problem
        raise error

    def keep(self, sock):
        self.kept_sock = sock
        if self.cut_off:
            self.shut()

    def cut(self):
        self.cut_off = True
        self.shut()

    def shut(self):
        sock = self.kept_sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class PinnedHTTPConnection(Pinned, http.client.HTTPConnection):
    """Connects to the addresses already checked, whatever DNS says the host is now."""

    def __init__(self, host, port, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        sock = self.open_socket()
        self.keep(sock)
        self.sock = sock


class PinnedHTTPSConnection(Pinned, http.client.HTTPSConnection):
    """The same over TLS: the certificate is still checked against the host name, not the address."""

    def __init__(self, host, port, addresses, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.addresses = addresses

    def connect(self):
        sock = self._context.wrap_socket(
            self.open_socket(), server_hostname=self.host, do_handshake_on_connect=False
        )
        self.keep(sock)  # before the handshake, so the watchdog can end a slow one
        sock.do_handshake()
        self.sock = sock


# --- the request ------------------------------------------------------------------------------


def request(
    method,
    url,
    *,
    headers=None,
    body=None,
    allow_private=False,
    timeout=10,
    total_timeout=None,
    max_bytes=MAX_BYTES,
    max_redirects=0,
):
    """Send one request to a public address and return its Answer; OutboundError if it cannot be had.

    ``timeout`` bounds connecting and each wait for bytes; ``total_timeout`` (twice ``timeout``
    unless given) the whole read, redirects included. A successful answer over ``max_bytes``
    (declared or read) is an error; any other answer is returned with its body cut at the limit,
    so callers can read a service's error message. Up to ``max_redirects`` redirects are
    followed, each address checked again; with none allowed a redirect is returned as it came.
    """
    total = total_timeout or 2 * timeout
    deadline = time.monotonic() + total
    headers = dict(headers or {})
    for hop in range(max_redirects + 1):
        answer = one_request(
            method,
            url,
            headers,
            body,
            allow_private=allow_private,
            timeout=timeout,
            total=total,
            deadline=deadline,
            max_bytes=max_bytes,
        )
        if answer.status not in REDIRECT_STATUSES or not max_redirects:
            return answer
        if hop == max_redirects:
            break
        location = answer.headers.get("Location", "").strip()
        if not location:
            message = f"HTTP {answer.status} without a Location"
            raise OutboundError("no_location", message, url=url, status=answer.status)
        next_url = urljoin(url, location)
        if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
            method, body = "GET", None  # what browsers do: the form is not sent on
            headers = {name: value for name, value in headers.items() if name.lower() != "content-type"}
        headers = headers_for_redirect(headers, url, next_url)
        url = next_url
    raise OutboundError("redirects", f"More than {max_redirects} redirects", url=url)


def headers_for_redirect(headers, url, next_url):
    """The headers to send on to ``next_url``: never our Host, and no credentials to another site."""
    old, new = urlsplit(url), urlsplit(next_url)
    same_site = (old.scheme, old.hostname, old.port) == (new.scheme, new.hostname, new.port)
    return {
        name: value
        for name, value in headers.items()
        if name.lower() != "host" and (same_site or name.lower() not in CREDENTIALS)
    }


def one_request(method, url, headers, body, *, allow_private, timeout, total, deadline, max_bytes):
    """One hop: check the address, connect to it, read the answer within the limits."""
    addresses = public_addresses(url, allow_private=allow_private)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(parts.hostname, default_port(parts), addresses, timeout)
    watchdog = threading.Timer(max(deadline - time.monotonic(), 0), connection.cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        successful = 200 <= response.status < 300
        content = read_body(connection, response, timeout, deadline, max_bytes, strict=successful)
        if connection.cut_off:  # what came was cut short
            raise TimeoutError
        return Answer(response.status, response.reason, response.headers, content, url)
    except OutboundError as error:
        error.host, error.url = parts.hostname, url
        raise
    except (OSError, ValueError, http.client.HTTPException) as error:
        if connection.cut_off or isinstance(error, TimeoutError):
            seconds = total if connection.cut_off or time.monotonic() >= deadline else timeout
            message = f"No whole answer within {seconds:g} seconds"
            raise OutboundError("timeout", message, host=parts.hostname, url=url) from error
        message = f"{type(error).__name__}: {error}"
        raise OutboundError("connection", message, host=parts.hostname, url=url) from error
    finally:
        watchdog.cancel()
        connection.close()


def read_body(connection, response, timeout, deadline, max_bytes, *, strict):
    """The body, read in chunks until the end, the limit or the deadline.

    ``strict``: past the limit is an error (a successful answer); otherwise the body is cut there.
    """
    declared = response.getheader("Content-Length") or ""
    if strict and declared.isdigit() and int(declared) > max_bytes:
        size = int(declared)
        message = f"The answer is {size:,} bytes; the limit is {max_bytes:,}"
        raise OutboundError("too_big", message, size=size)
    chunks, size = [], 0
    while size <= max_bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        connection.kept_sock.settimeout(min(timeout, remaining))
        chunk = response.read1(min(CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        chunks.append(chunk)
    if strict:
        raise OutboundError("too_big", f"The answer is over the limit of {max_bytes:,} bytes")
    return b"".join(chunks)[:max_bytes]
