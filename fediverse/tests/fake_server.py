"""A small fediverse server in a thread: one account (alice) that signs and verifies as Mastodon does."""

import base64
import hashlib
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cms.tests import local_servers


def parse_signature(header):
    params = {}
    for part in header.split(","):
        name, _, value = part.partition("=")
        params[name.strip()] = value.strip().strip('"')
    return params


class FakeFediverse:
    """Serves alice's actor document; keeps every POST to her inbox and the shared inbox."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.received = []  # (path, headers, body, verified)
        self.fetches = []  # (path, signed by the publication) of each GET
        self.inbox_status = 202
        self.publication_key_pem = None  # our copy of the publication's public key, to check its signatures
        fake = self

        class Handler(local_servers.QuietHandler):
            def do_GET(self):
                headers = {name.lower(): value for name, value in self.headers.items()}
                fake.fetches.append((self.path, fake.verify(self.command, self.path, headers, b"")))
                if self.path != "/users/alice":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(fake.actor_document()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/activity+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                fake.received.append(
                    (self.path, headers, body, fake.verify(self.command, self.path, headers, body))
                )
                self.send_response(fake.inbox_status)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.actor_id = f"{self.base}/users/alice"
        local_servers.start(self.server)

    def stop(self):
        local_servers.stop(self.server)

    def public_pem(self):
        return (
            self.key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )

    def actor_document(self):
        return {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.actor_id,
            "type": "Person",
            "preferredUsername": "alice",
            "inbox": f"{self.actor_id}/inbox",
            "endpoints": {"sharedInbox": f"{self.base}/inbox"},
            "publicKey": {
                "id": f"{self.actor_id}#main-key",
                "owner": self.actor_id,
                "publicKeyPem": self.public_pem(),
            },
        }

    # --- signing as Mastodon does -------------------------------------------------------

    def signed(self, path, body, host="testserver", key=None, key_id=None):
        """Headers (for Django's test client) signing a POST of ``body`` to ``path`` on ``host``."""
        date = format_datetime(datetime.now(UTC), usegmt=True)
        digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        text = f"(request-target): post {path}\nhost: {host}\ndate: {date}\ndigest: {digest}"
        signature = base64.b64encode(
            (key or self.key).sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
        )
        return {
            "HTTP_HOST": host,
            "HTTP_DATE": date,
            "HTTP_DIGEST": digest,
            "HTTP_SIGNATURE": (
                f'keyId="{key_id or self.actor_id + "#main-key"}",algorithm="rsa-sha256",'
                f'headers="(request-target) host date digest",signature="{signature.decode()}"'
            ),
        }

    def verify(self, method, path, headers, body):
        """Checks a delivery as Mastodon would: body digest, then signature with our copy of the key."""
        if self.publication_key_pem is None or "signature" not in headers:
            return False
        expected = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        if headers.get("digest") != expected:
            return False
        params = parse_signature(headers["signature"])
        lines = []
        for name in params["headers"].split():
            if name == "(request-target)":
                lines.append(f"(request-target): {method.lower()} {path}")
            else:
                lines.append(f"{name}: {headers[name]}")
        key = serialization.load_pem_public_key(self.publication_key_pem.encode())
        try:
            key.verify(
                base64.b64decode(params["signature"]),
                "\n".join(lines).encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except Exception:
            return False
        return set(params["headers"].split()) >= {"(request-target)", "host", "date", "digest"}

    def activities(self):
        return [(path, json.loads(body), verified) for path, _headers, body, verified in self.received]
