"""HTTP Signatures as Mastodon uses them (draft-cavage-http-signatures, rsa-sha256).

What we send is signed over ``(request-target) host date digest``; what we receive must be
signed over at least those, with a ``Digest`` that matches the body and a ``Date`` within
``MAX_CLOCK_SKEW`` of ours. The signer's public key is read from its ``keyId`` (its actor
document) and kept in the cache for a while.
"""

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from django.core.cache import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from . import remote

MAX_CLOCK_SKEW = timedelta(minutes=5)
REQUIRED_HEADERS = ("(request-target)", "host", "date", "digest")
KEY_CACHE_SECONDS = 60 * 60
SIGNATURE_PARAM = re.compile(r'(\w+)="([^"]*)"')


class SignatureError(Exception):
    """A request whose signature cannot be trusted, with the reason (for the log, not the sender)."""


def new_key_pair():
    """(private PEM, public PEM) of a fresh 2048-bit RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def digest_header(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def signing_string(headers, method, path, values):
    lines = []
    for name in headers:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        else:
            lines.append(f"{name}: {values[name]}")
    return "\n".join(lines)


def signed_headers(url, body, key_id, private_key_pem, method="POST"):
    """The headers that sign a request with ``body`` to ``url`` as Mastodon expects them."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    values = {
        "host": parts.netloc,
        "date": format_datetime(datetime.now(UTC), usegmt=True),
        "digest": digest_header(body),
    }
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    text = signing_string(REQUIRED_HEADERS, method, path, values)
    signature = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    return {
        "Host": values["host"],
        "Date": values["date"],
        "Digest": values["digest"],
        "Signature": (
            f'keyId="{key_id}",algorithm="rsa-sha256",'
            f'headers="{" ".join(REQUIRED_HEADERS)}",signature="{signature}"'
        ),
    }


def parse_signature(header):
    return dict(SIGNATURE_PARAM.findall(header or ""))


def signed_get(url, signer):
    """Headers signing a GET of ``url`` as ``signer`` ((key id, private PEM)), or none without one."""
    if signer is None:
        return None
    headers = signed_headers(url, b"", *signer, method="GET")
    return {name: value for name, value in headers.items() if name != "Host"}


def key_cache_key(key_id):
    return "fediverse:key:" + hashlib.sha256(key_id.encode()).hexdigest()


def public_key_for(key_id, signer=None, fresh=False):
    """(owner, public PEM) of ``key_id``, read from the signer's actor document and cached.

    ``fresh``: read it again even if cached (the account may have changed its key).
    """
    cache_key = key_cache_key(key_id)
    found = None if fresh else cache.get(cache_key)
    if found:
        return found
    url = key_id.split("#", 1)[0]
    try:
        document = remote.fetch_json(url, signed_get(url, signer))
    except remote.RemoteError as error:
        raise SignatureError(f"could not read key {key_id}: {error}") from error
    key = document.get("publicKey") if isinstance(document, dict) else None
    if isinstance(key, list):
        key = next((k for k in key if isinstance(k, dict) and k.get("id") == key_id), None)
    if not isinstance(key, dict) or key.get("id") != key_id or not key.get("publicKeyPem"):
        raise SignatureError(f"no public key {key_id} in the actor document")
    owner = key.get("owner") or document.get("id")
    if owner != document.get("id"):
        raise SignatureError(f"key {key_id} belongs to another actor")
    found = (owner, key["publicKeyPem"])
    cache.set(cache_key, found, KEY_CACHE_SECONDS)
    return found


def verify_request(request, body, signer=None):
    """The actor (its id) that signed ``request``; raises SignatureError when anything is off.

    ``signer`` ((key id, private PEM)) signs the fetch of the sender's key, if it must be read.
    """
    params = parse_signature(request.headers.get("Signature"))
    if not params.get("keyId") or not params.get("signature"):
        raise SignatureError("not signed")
    headers = params.get("headers", "date").lower().split()
    missing = [name for name in REQUIRED_HEADERS if name not in headers]
    if missing:
        raise SignatureError(f"signature does not cover {', '.join(missing)}")
    if params.get("algorithm", "rsa-sha256") not in ("rsa-sha256", "hs2019"):
        raise SignatureError("unknown algorithm")
    # Some servers send several digests ("SHA-256=...,SHA-512=..."); ours must be among them.
    sent_digests = [part.strip() for part in request.headers.get("Digest", "").split(",")]
    expected = digest_header(body).partition("=")[2]
    if not any(
        name.upper() == "SHA-256" and value == expected
        for name, _eq, value in (digest.partition("=") for digest in sent_digests)
    ):
        raise SignatureError("digest does not match the body")
    try:
        sent = parsedate_to_datetime(request.headers.get("Date", ""))
    except (TypeError, ValueError) as error:
        raise SignatureError("no readable date") from error
    if sent.tzinfo is None or abs(datetime.now(UTC) - sent) > MAX_CLOCK_SKEW:
        raise SignatureError("date too far from now")
    values = {}
    for name in headers:
        if name == "(request-target)":
            continue
        value = request.get_host() if name == "host" else request.headers.get(name)
        if value is None:
            raise SignatureError(f"signed header {name} missing")
        values[name] = value
    text = signing_string(headers, request.method, request.get_full_path(), values)
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except ValueError as error:
        raise SignatureError("signature is not base64") from error
    cached = cache.get(key_cache_key(params["keyId"])) is not None
    owner, public_pem = public_key_for(params["keyId"], signer)
    if not signature_matches(public_pem, signature, text):
        # A key kept from earlier may have been replaced since: read it once more before refusing.
        if not cached:
            raise SignatureError("signature does not verify")
        owner, public_pem = public_key_for(params["keyId"], signer, fresh=True)
        if not signature_matches(public_pem, signature, text):
            raise SignatureError("signature does not verify")
    return owner


def signature_matches(public_pem, signature, text):
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
        key.verify(signature, text.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
