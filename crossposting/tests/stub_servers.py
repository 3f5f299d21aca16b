"""Local stand-ins for a Mastodon server and a Bluesky PDS (http.server in a thread) that record requests."""

import json
from email.parser import BytesParser
from email.policy import HTTP
from http.server import ThreadingHTTPServer

from cms.tests import local_servers

MASTODON_TOKEN = "mastodon-secret-token-0123456789"
BLUESKY_PASSWORD = "abcd-efgh-ijkl-mnop"
BLUESKY_JWT = "bluesky-session-jwt-9876543210"


def multipart_fields(content_type, body):
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = part.get_content() if part.get_filename() is None else part.get_payload(decode=True)
    return fields


class StubServer:
    """Records (method, path, headers, body); ``fail`` holds (status, JSON body) answers to give first."""

    def __init__(self):
        self.requests = []
        self.fail = []
        stub = self

        class Handler(local_servers.QuietHandler):
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.requests.append((self.command, self.path, dict(self.headers), body))
                status, answer = stub.answer(self.command, self.path, dict(self.headers), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        local_servers.start(self.server)

    def stop(self):
        local_servers.stop(self.server)

    def answer(self, method, path, headers, body):
        if self.fail and not path.endswith(("verify_credentials", "createSession")):
            return self.fail.pop(0)
        return self.respond(method, path, headers, body)

    def posted(self, path):
        return [
            (headers, body) for method, p, headers, body in self.requests if p == path and method == "POST"
        ]


class StubMastodon(StubServer):
    def respond(self, method, path, headers, body):
        if headers.get("Authorization") != f"Bearer {MASTODON_TOKEN}":
            return 401, {"error": "The access token is invalid"}
        if path == "/api/v1/accounts/verify_credentials":
            return 200, {"acct": "kingstandingwatch", "url": f"{self.url}/@kingstandingwatch"}
        if path == "/api/v2/media":
            return 202, {"id": "777", "type": "image"}
        if path == "/api/v1/statuses":
            return 200, {"id": "1", "url": f"{self.url}/@kingstandingwatch/1"}
        return 404, {"error": "Record not found"}


class StubBluesky(StubServer):
    def respond(self, method, path, headers, body):
        if path == "/xrpc/com.atproto.server.createSession":
            data = json.loads(body)
            if data.get("password") != BLUESKY_PASSWORD:
                return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
            return 200, {"did": "did:plc:watch", "handle": data["identifier"], "accessJwt": BLUESKY_JWT}
        if headers.get("Authorization") != f"Bearer {BLUESKY_JWT}":
            return 401, {"error": "AuthenticationRequired", "message": "Token is invalid"}
        if path == "/xrpc/com.atproto.repo.uploadBlob":
            return 200, {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": "bafkrei"},
                    "mimeType": "image/jpeg",
                    "size": len(body),
                }
            }
        if path == "/xrpc/com.atproto.repo.createRecord":
            return 200, {"uri": "at://did:plc:watch/app.bsky.feed.post/3kabc", "cid": "bafyrei"}
        return 404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}
