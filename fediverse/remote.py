"""Talking to other fediverse servers: reading an actor document, posting an activity.

Addresses come from strangers' requests, so every call is bounded: http(s) only, a timeout,
a size limit, and (unless ``FEDIVERSE_ALLOW_PRIVATE_ADDRESSES``, for tests and local set-ups)
no host that resolves to a loopback, private or otherwise non-public address.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

from cms.outbound import RefusedAddress, public_addresses

ACTIVITY_JSON = "application/activity+json"
ACCEPT = f'{ACTIVITY_JSON}, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
TIMEOUT_SECONDS = 10
MAX_BYTES = 1_000_000
USER_AGENT = "Patchwork (ActivityPub; a neighbourhood news website)"


class RemoteError(Exception):
    """A call to another server that failed; the message says how (no secrets in it)."""


def check_address(url):
    try:
        public_addresses(url, allow_private=getattr(settings, "FEDIVERSE_ALLOW_PRIVATE_ADDRESSES", False))
    except RefusedAddress as error:
        raise RemoteError(str(error)) from error


def _open(request):
    check_address(request.full_url)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - checked above
            return response.status, response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise RemoteError(f"{request.full_url} answered {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise RemoteError(f"{request.full_url} could not be reached: {error}") from error


def fetch_json(url, signed_headers=None):
    """The JSON document at ``url`` (an actor), asked for as ActivityStreams.

    ``signed_headers``: a signature for the GET, which servers in Mastodon's "secure mode"
    (authorized fetch) ask for before they show an actor.
    """
    headers = {**(signed_headers or {}), "Accept": ACCEPT, "User-Agent": USER_AGENT}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the address is checked in _open
    _status, body = _open(request)
    if len(body) > MAX_BYTES:
        raise RemoteError(f"{url} answered with too much")
    try:
        return json.loads(body)
    except ValueError as error:
        raise RemoteError(f"{url} did not answer JSON") from error


def post_activity(url, body, headers):
    """POST the (already signed) ``body`` to an inbox; RemoteError unless it answers 2xx."""
    request = urllib.request.Request(  # noqa: S310 - the address is checked in _open
        url,
        data=body,
        method="POST",
        headers={**headers, "Content-Type": ACTIVITY_JSON, "User-Agent": USER_AGENT},
    )
    status, _body = _open(request)
    if not 200 <= status < 300:
        raise RemoteError(f"{url} answered {status}")
    return status
