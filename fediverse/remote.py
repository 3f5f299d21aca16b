"""Talking to other fediverse servers: reading an actor document, posting an activity.

Addresses come from strangers' requests, so every call goes through ``cms.outbound``: http(s)
only, a timeout, a size limit, and (unless ``FEDIVERSE_ALLOW_PRIVATE_ADDRESSES``, for tests and
local set-ups) no host that resolves to a loopback, private or otherwise non-public address,
checked again at every redirect. Reading an actor follows a few redirects; a delivery follows
none, so a redirect answer is a failed delivery.
"""

import json

from django.conf import settings

from cms import outbound

ACTIVITY_JSON = "application/activity+json"
ACCEPT = f'{ACTIVITY_JSON}, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
TIMEOUT_SECONDS = 10
MAX_BYTES = 1_000_000
MAX_REDIRECTS = 3  # when reading an actor
USER_AGENT = "Patchwork (ActivityPub; a neighbourhood news website)"


class RemoteError(Exception):
    """A call to another server that failed; the message says how (no secrets in it)."""


def _request(method, url, headers, body=None, max_redirects=0):
    try:
        return outbound.request(
            method,
            url,
            headers={**headers, "User-Agent": USER_AGENT},
            body=body,
            allow_private=settings.FEDIVERSE_ALLOW_PRIVATE_ADDRESSES,
            timeout=TIMEOUT_SECONDS,
            max_bytes=MAX_BYTES,
            max_redirects=max_redirects,
        )
    except outbound.RefusedAddress as error:
        raise RemoteError(str(error)) from error
    except outbound.OutboundError as error:
        if error.reason == "too_big":
            raise RemoteError(f"{url} answered with too much") from error
        raise RemoteError(f"{url} could not be reached: {error}") from error


def fetch_json(url, signed_headers=None):
    """The JSON document at ``url`` (an actor), asked for as ActivityStreams.

    ``signed_headers``: a signature for the GET, which servers in Mastodon's "secure mode"
    (authorized fetch) ask for before they show an actor.
    """
    headers = {**(signed_headers or {}), "Accept": ACCEPT}
    answer = _request("GET", url, headers, max_redirects=MAX_REDIRECTS)
    if not 200 <= answer.status < 300:
        raise RemoteError(f"{url} answered {answer.status}")
    try:
        return json.loads(answer.body)
    except ValueError as error:
        raise RemoteError(f"{url} did not answer JSON") from error


def post_activity(url, body, headers):
    """POST the (already signed) ``body`` to an inbox; RemoteError unless it answers 2xx."""
    answer = _request("POST", url, {**headers, "Content-Type": ACTIVITY_JSON}, body=body)
    if not 200 <= answer.status < 300:
        raise RemoteError(f"{url} answered {answer.status}")
    return answer.status
