"""The one way the server reads addresses for someone else: never its own network, always bounded.

Server A runs on 127.0.0.1 and stands for a public website; server B runs on 127.0.0.2 (all of
127.0.0.0/8 is loopback on Linux) and stands for the server's own network. ``is_public`` is
patched so only A counts as public. Each of the four features that read such addresses is
shown to stop at a redirect to B and to connect to the address it checked when a name's DNS
answer changes (rebinding), and the client itself is shown to keep its limits.
"""

import datetime
import json
import socket
import ssl
import time
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cms import outbound
from cms.tests import local_servers
from crossposting import services
from fediverse import remote
from newsletters.importing.fetch import FetchError as ImportFetchError
from newsletters.importing.fetch import fetch as fetch_for_import
from planet import fetching as planet_fetching

PUBLIC = "127.0.0.1"
PRIVATE = "127.0.0.2"
REBINDING_HOST = "news.rebinding.test"


class Handler(local_servers.QuietHandler):
    """Records every request on its server's ``seen``; the path says what to answer."""

    protocol_version = "HTTP/1.0"

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, dict(self.headers), body))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/json":
            self.answer(200, b'{"ok": true}', [("Content-Type", "application/json")])
        elif parts.path == "/redirect":
            headers = [("Location", query["to"][0])] if "to" in query else []
            self.answer(int(query.get("status", ["302"])[0]), headers=headers)
        elif parts.path == "/loop":
            self.answer(302, headers=[("Location", "/loop")])
        elif parts.path == "/error":
            self.answer(422, json.dumps({"error": "Validation failed: " + "x" * 500}).encode())
        elif parts.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif parts.path == "/big-stream":
            self.send_response(200)  # no Content-Length: the client must stop by itself
            self.end_headers()
            self.write_slowly([b"x" * 1024] * 500, pause=0)
        elif parts.path == "/trickle":
            # A status line, then a header every 50 ms: each read is quick, the answer never ends.
            self.write_slowly([b"HTTP/1.0 200 OK\r\n"] + [b"X-Slow: 1\r\n"] * 200, pause=0.05)
        else:
            self.answer(404)

    do_GET = do_POST = handle_any

    def write_slowly(self, pieces, pause):
        try:
            for piece in pieces:
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should


def serve(address, port):
    server = ThreadingHTTPServer((address, port), Handler)
    server.daemon_threads = True
    server.seen = []
    server.port = server.server_address[1]
    server.url = lambda path: f"http://{address}:{server.port}{path}"
    local_servers.start(server)
    return server


@pytest.fixture
def servers():
    """(A, B): A on 127.0.0.1 and B on 127.0.0.2, on the same port so one name can lead to either."""
    for _attempt in range(10):
        private = serve(PRIVATE, 0)
        try:
            public = serve(PUBLIC, private.port)
        except OSError:  # that port is taken on 127.0.0.1: try another
            local_servers.stop(private)
            continue
        yield public, private
        local_servers.stop(public)
        local_servers.stop(private)
        return
    pytest.fail("No port free on both 127.0.0.1 and 127.0.0.2")


@pytest.fixture
def only_a_is_public(monkeypatch, settings):
    """127.0.0.1 counts as a public address, everything else as private; no feature may read private ones."""
    monkeypatch.setattr(outbound, "is_public", lambda address: address == PUBLIC)
    settings.PLANET_ALLOW_PRIVATE_ADDRESSES = False
    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    settings.FEDIVERSE_ALLOW_PRIVATE_ADDRESSES = False
    settings.CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def rebinding(monkeypatch):
    """``REBINDING_HOST`` resolves to A the first time it is looked up and to B every time after."""
    answers = []

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != REBINDING_HOST:
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = PRIVATE if answers else PUBLIC
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(outbound.socket, "getaddrinfo", getaddrinfo)
    return answers


# Each feature that reads an address for someone else: (how it reads a URL, its error, the error's words).
CALLERS = {
    "planet fetch": (lambda url: planet_fetching.fetch(url), planet_fetching.FetchError, "private"),
    "import fetch": (
        lambda url: fetch_for_import(url, 1_000_000),
        ImportFetchError,
        "own network",
    ),
    "fediverse fetch_json": (lambda url: remote.fetch_json(url), remote.RemoteError, "private"),
    "fediverse post_activity": (
        lambda url: remote.post_activity(url, b'{"type": "Create"}', {}),
        remote.RemoteError,
        "answered 302",
    ),
    "crossposting call GET": (
        lambda url: services.call("GET", url, token="secret-token"),
        services.ServiceError,
        r"\(302\)",
    ),
    "crossposting call POST": (
        lambda url: services.call(
            "POST", url, token="secret-token", data=b"{}", content_type="application/json"
        ),
        services.ServiceError,
        r"\(302\)",
    ),
}


@pytest.mark.parametrize("caller", CALLERS.values(), ids=CALLERS.keys())
def test_a_redirect_to_a_private_address_is_never_followed(caller, servers, only_a_is_public):
    read, error_class, words = caller
    public, private = servers
    with pytest.raises(error_class, match=words):
        read(public.url(f"/redirect?to={quote(private.url('/json'))}"))
    assert len(public.seen) == 1
    assert private.seen == []


@pytest.mark.parametrize("caller", CALLERS.values(), ids=CALLERS.keys())
def test_a_name_that_changes_its_address_after_the_check_is_read_from_the_checked_one(
    caller, servers, only_a_is_public, rebinding
):
    read, _error_class, _words = caller
    public, private = servers
    read(f"http://{REBINDING_HOST}:{public.port}/json")
    assert rebinding[0] == PUBLIC
    [(_method, path, headers, _body)] = public.seen
    assert path == "/json"
    assert headers["Host"] == f"{REBINDING_HOST}:{public.port}"
    assert private.seen == []


def test_a_planet_failure_keeps_its_kind(servers, only_a_is_public):
    from planet.models import ExternalFeed

    public, private = servers
    with pytest.raises(planet_fetching.FetchError) as caught:
        planet_fetching.fetch(public.url(f"/redirect?to={quote(private.url('/rss'))}"))
    assert caught.value.kind == ExternalFeed.Failure.REFUSED_ADDRESS


def test_a_fediverse_actor_is_read_through_a_redirect_to_a_public_address(servers, only_a_is_public):
    public, _private = servers
    assert remote.fetch_json(public.url(f"/redirect?to={quote(public.url('/json'))}")) == {"ok": True}
    assert [path for _method, path, _headers, _body in public.seen][1] == "/json"


# --- the client itself --------------------------------------------------------------------------


def get(url, **options):
    return outbound.request("GET", url, allow_private=True, **options)


def test_private_addresses_are_refused_unless_allowed(servers):
    public, _private = servers
    with pytest.raises(outbound.RefusedAddress) as caught:
        outbound.request("GET", public.url("/json"))
    assert caught.value.reason == "private"
    assert public.seen == []


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "http://example.org:99999/"])
def test_only_http_and_https_are_read(url):
    with pytest.raises(outbound.OutboundError) as caught:
        outbound.request("GET", url)
    assert caught.value.reason == "scheme"


def test_a_redirect_to_another_scheme_is_refused(servers):
    public, _private = servers
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/redirect?to=ftp://example.org/feed"), max_redirects=3)
    assert caught.value.reason == "scheme"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),  # a cloud provider's metadata address
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fe80::1%eth0", False),
    ],
)
def test_is_public(address, public):
    assert outbound.is_public(address) is public


def test_a_declared_size_over_the_limit_is_not_read(servers):
    public, _private = servers
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/big-declared"), max_bytes=10_000)
    assert (caught.value.reason, caught.value.size) == ("too_big", 50 * 1024 * 1024)


def test_reading_stops_at_the_limit_when_no_size_is_declared(servers):
    public, _private = servers
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/big-stream"), max_bytes=10_000)
    assert (caught.value.reason, caught.value.size) == ("too_big", None)


def test_a_server_trickling_bytes_is_cut_off(servers):
    public, _private = servers
    started = time.monotonic()
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/trickle"), timeout=0.2)
    assert caught.value.reason == "timeout"
    assert str(caught.value) == "No whole answer within 0.4 seconds"
    assert time.monotonic() - started < 2


def test_redirects_are_followed_up_to_the_limit(servers):
    public, _private = servers
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/loop"), max_redirects=2)
    assert caught.value.reason == "redirects"
    assert len(public.seen) == 3


def test_a_redirect_without_a_location_is_an_error(servers):
    public, _private = servers
    with pytest.raises(outbound.OutboundError) as caught:
        get(public.url("/redirect"), max_redirects=1)
    assert (caught.value.reason, caught.value.status) == ("no_location", 302)


def test_with_no_redirects_allowed_a_redirect_is_the_answer(servers):
    public, _private = servers
    answer = outbound.request(
        "POST", public.url("/redirect?to=/json&status=307"), body=b"{}", allow_private=True
    )
    assert (answer.status, answer.headers["Location"]) == (307, "/json")
    assert [(method, path.split("?")[0]) for method, path, _h, _b in public.seen] == [("POST", "/redirect")]


def test_a_post_answered_with_see_other_is_followed_by_a_get_without_the_body(servers):
    public, _private = servers
    answer = outbound.request(
        "POST",
        public.url("/redirect?to=/json&status=303"),
        body=b'{"secret": 1}',
        headers={"Content-Type": "application/json"},
        allow_private=True,
        max_redirects=1,
    )
    assert (answer.status, answer.url) == (200, public.url("/json"))
    method, _path, headers, body = public.seen[1]
    assert (method, body, "Content-Type" in headers) == ("GET", b"", False)


def test_credentials_are_not_sent_on_to_another_site(servers):
    public, private = servers
    get(
        public.url(f"/redirect?to={quote(private.url('/json'))}"),
        headers={"Authorization": "Bearer secret-token", "Host": f"{PUBLIC}:{public.port}"},
        max_redirects=1,
    )
    [(_method, _path, headers, _body)] = private.seen
    assert "Authorization" not in headers
    assert headers["Host"] == f"{PRIVATE}:{private.port}"


def test_an_error_answer_is_returned_with_its_body_cut_at_the_limit(servers):
    public, _private = servers
    answer = get(public.url("/error"), max_bytes=100)
    assert answer.status == 422
    assert answer.body.startswith(b'{"error": "Validation failed') and len(answer.body) == 100
    assert get(public.url("/error")).body.endswith(b'x"}')


def test_a_server_that_is_not_there_is_a_connection_error():
    with socket.socket() as closed:
        closed.bind((PUBLIC, 0))
        port = closed.getsockname()[1]
    with pytest.raises(outbound.OutboundError) as caught:
        get(f"http://{PUBLIC}:{port}/")
    assert caught.value.reason == "connection"


# --- https ------------------------------------------------------------------------------------


@pytest.fixture
def https_server(tmp_path, monkeypatch):
    """Server A over TLS, with a certificate for ``REBINDING_HOST`` that the client is made to trust."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, REBINDING_HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(REBINDING_HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_file = tmp_path / "certificate.pem"
    key_file = tmp_path / "key.pem"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    real_context = ssl.create_default_context
    monkeypatch.setattr(outbound.ssl, "create_default_context", lambda: real_context(cafile=certificate_file))
    server = ThreadingHTTPServer((PUBLIC, 0), Handler)
    server.daemon_threads = True
    server.seen = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    local_servers.start(server)
    yield server
    local_servers.stop(server)


def test_https_goes_to_the_checked_address_and_checks_the_certificate_against_the_name(
    https_server, rebinding, only_a_is_public
):
    port = https_server.server_address[1]
    answer = outbound.request("GET", f"https://{REBINDING_HOST}:{port}/json")
    assert (answer.status, answer.body) == (200, b'{"ok": true}')
    [(_method, _path, headers, _body)] = https_server.seen
    assert headers["Host"] == f"{REBINDING_HOST}:{port}"


def test_https_to_a_name_the_certificate_does_not_cover_fails(https_server):
    port = https_server.server_address[1]
    with pytest.raises(outbound.OutboundError) as caught:
        get(f"https://{PUBLIC}:{port}/json")
    assert caught.value.reason == "connection"
    assert "certificate" in str(caught.value).lower()
    assert https_server.seen == []
