"""Talking to Mastodon and Bluesky. No secret is ever logged or put in an error message.

Errors carry the service's own message ("The access token is invalid") so the editor can act on it.
Addresses are typed by editors and read through ``cms.outbound``; unless
``CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES`` (tests, local set-ups) a host that resolves to a loopback
or private address is refused. No redirect is followed: a service's API does not move, so a
redirect is an error answer like any other.
"""

import json
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from cms import outbound

TIMEOUT_SECONDS = 20
MAX_BYTES = 1_000_000
USER_AGENT = "Patchwork (posting a neighbourhood publication's news)"


class ServiceError(Exception):
    """The service refused or could not be reached; ``status`` is its HTTP status (None: unreachable)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status

    @property
    def retryable(self):
        return self.status is None or self.status == 429 or self.status >= 500


def base_url(url):
    url = (url or "").strip().rstrip("/")
    if url and "://" not in url:
        url = "https://" + url
    return url


def refused(url, error):
    """The editor's message for an address ``cms.outbound`` would not read."""
    if error.reason == "scheme":
        return ServiceError(_("This is not a web address: %(url)s") % {"url": url})
    if error.reason == "unknown":
        return ServiceError(_("Unknown server: %(host)s") % {"host": error.host})
    return ServiceError(_("%(host)s is not a public address") % {"host": error.host})


def service_message(body):
    """The message in a Mastodon ({"error": ...}) or Bluesky ({"error", "message"}) error answer."""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:300].decode(errors="replace").strip()
    if isinstance(data, dict):
        for key in ("message", "error_description", "error"):
            if data.get(key):
                return str(data[key])[:300]
    return ""


def call(method, url, *, token=None, data=None, content_type=None):
    """The JSON a service answers; ServiceError (with the service's message) for anything but 2xx."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if content_type:
        headers["Content-Type"] = content_type
    host = urlsplit(url).netloc
    try:
        answer = outbound.request(
            method,
            url,
            headers=headers,
            body=data,
            allow_private=settings.CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES,
            timeout=TIMEOUT_SECONDS,
            max_bytes=MAX_BYTES,
        )
    except outbound.RefusedAddress as error:
        raise refused(url, error) from error
    except outbound.OutboundError as error:
        raise ServiceError(
            _("%(host)s could not be reached: %(reason)s") % {"host": host, "reason": error}
        ) from None
    if not 200 <= answer.status < 300:
        message = service_message(answer.body) or answer.reason
        raise ServiceError(f"{host} ({answer.status}): {message}", status=answer.status)
    try:
        return json.loads(answer.body or b"{}")
    except ValueError:
        raise ServiceError(_("%(host)s sent an answer that is not JSON") % {"host": host}) from None


def post_json(url, payload, token=None):
    return call("POST", url, token=token, data=json.dumps(payload).encode(), content_type="application/json")


def multipart(fields, file_field, filename, content, mime):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# Mastodon


def mastodon_verify(server, token):
    """The account behind ``token``: (handle, profile URL)."""
    data = call("GET", f"{base_url(server)}/api/v1/accounts/verify_credentials", token=token)
    host = urlsplit(base_url(server)).hostname
    return f"@{data.get('acct', '')}@{host}", data.get("url", "")


def mastodon_post(server, token, text, image=None):
    """Post ``text`` (with ``image``: (bytes, filename, mime, alt)); the status's address."""
    server = base_url(server)
    media_ids = []
    if image:
        content, filename, mime, alt = image
        body, content_type = multipart({"description": alt}, "file", filename, content, mime)
        media = call("POST", f"{server}/api/v2/media", token=token, data=body, content_type=content_type)
        media_ids.append(str(media["id"]))
    payload = {"status": text, "visibility": "public"}
    if media_ids:
        payload["media_ids"] = media_ids
    status = post_json(f"{server}/api/v1/statuses", payload, token=token)
    return status.get("url") or status.get("uri") or ""


# Bluesky


def bluesky_session(pds, handle, password):
    """(did, access JWT, handle) for an app password."""
    data = post_json(
        f"{base_url(pds)}/xrpc/com.atproto.server.createSession", {"identifier": handle, "password": password}
    )
    return data["did"], data["accessJwt"], data.get("handle", handle)


def byte_span(text, part):
    start = text.encode().find(part.encode())
    return {"byteStart": start, "byteEnd": start + len(part.encode())}


def bluesky_facets(text, link, hashtag):
    facets = []
    if link and link in text:
        facets.append(
            {
                "index": byte_span(text, link),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": link}],
            }
        )
    if hashtag and hashtag in text:
        facets.append(
            {
                "index": byte_span(text, hashtag),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": hashtag.lstrip("#")}],
            }
        )
    return facets


def bluesky_post(pds, handle, password, text, link="", hashtag="", image=None):
    """Post ``text`` with link and hashtag facets and ``image``; the post's bsky.app address."""
    pds = base_url(pds)
    did, jwt, handle = bluesky_session(pds, handle, password)
    record = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "facets": bluesky_facets(text, link, hashtag),
    }
    if image:
        content, _filename, mime, alt = image
        blob = call(
            "POST", f"{pds}/xrpc/com.atproto.repo.uploadBlob", token=jwt, data=content, content_type=mime
        )
        record["embed"] = {"$type": "app.bsky.embed.images", "images": [{"alt": alt, "image": blob["blob"]}]}
    created = post_json(
        f"{pds}/xrpc/com.atproto.repo.createRecord",
        {"repo": did, "collection": "app.bsky.feed.post", "record": record},
        token=jwt,
    )
    rkey = created.get("uri", "").rsplit("/", 1)[-1]
    return f"https://bsky.app/profile/{handle}/post/{rkey}" if rkey else ""
