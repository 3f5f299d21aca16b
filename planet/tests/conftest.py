"""A local feed server (good RSS and Atom, slow, broken, huge, redirecting, 304, 500) and feeds on a place."""

import time
from http.server import ThreadingHTTPServer

import pytest

from cms.tests import local_servers

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
  <title>St Mark's parish blog</title>
  <link>http://parish.example.org/</link>
  <description>News from the parish</description>
  <item>
    <title>Harvest supper on Friday</title>
    <link>http://parish.example.org/harvest-supper/</link>
    <guid isPermaLink="false">parish-1</guid>
    <pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate>
    <description><![CDATA[<p>Bring a dish to share.<script>alert('stolen')</script>
      <img src="x" onerror="alert('owned')"> Everyone is welcome &amp; children too.</p>]]></description>
  </item>
  <item>
    <title>Bell ringers wanted</title>
    <link>/bell-ringers/</link>
    <guid isPermaLink="false">parish-2</guid>
    <pubDate>Sun, 01 Nov 2026 09:00:00 GMT</pubDate>
    <description>Practice is on Tuesday evenings.</description>
  </item>
  <item>
    <title>A link that is not a web address</title>
    <link>javascript:alert(1)</link>
    <guid isPermaLink="false">parish-3</guid>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Friends of Kings Park</title>
  <link href="http://park.example.org/"/>
  <id>urn:uuid:park</id>
  <updated>2026-11-03T10:00:00Z</updated>
  <entry>
    <title>Litter pick on Saturday</title>
    <link href="http://park.example.org/litter-pick/"/>
    <id>urn:uuid:park-1</id>
    <updated>2026-11-03T10:00:00Z</updated>
    <summary type="html">&lt;b&gt;Gloves&lt;/b&gt; and bags provided.</summary>
  </entry>
</feed>
"""

BROKEN = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Half a feed<item><title>Oops</channel>'
ETAG = '"parish-v1"'
LAST_MODIFIED = "Mon, 02 Nov 2026 09:00:00 GMT"


class FeedHandler(local_servers.QuietHandler):
    protocol_version = "HTTP/1.0"

    def send_body(self, body, content_type="application/rss+xml", headers=()):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        path = self.path
        if path == "/rss":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self.send_body(RSS.encode(), headers=[("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        elif path == "/rss-no-etag":
            self.send_body(RSS.encode())
        elif path == "/atom":
            self.send_body(ATOM.encode(), "application/atom+xml")
        elif path == "/slow":
            time.sleep(server.slow_seconds)
            self.send_body(RSS.encode())
        elif path == "/trickle":
            # Headers a few bytes at a time: each read is quick, the whole answer never comes.
            try:
                for _ in range(40):
                    self.wfile.write(b"X-Slow: 1\r\n" if _ else b"HTTP/1.0 200 OK\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path == "/broken":
            self.send_body(BROKEN)
        elif path == "/not-a-feed":
            self.send_body(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", "text/html")
        elif path == "/huge":
            # No Content-Length: the fetcher must stop reading by itself.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<!-- " + b"x" * 1000 + b" -->\n")
            except OSError:
                pass
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path == "/redirect":
            self.redirect("/rss", 301)
        elif path == "/redirect-loop":
            self.redirect("/redirect-loop")
        elif path == "/redirect-ftp":
            self.redirect("ftp://parish.example.org/feed.xml")
        elif path == "/error":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture
def feed_server(settings):
    """The local feed server; its ``url(path)``, the ``requests`` it saw. Private addresses allowed."""
    settings.PLANET_ALLOW_PRIVATE_ADDRESSES = True
    settings.PLANET_FETCH_TIMEOUT_SECONDS = 0.5
    settings.PLANET_MAX_FEED_BYTES = 20 * 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.requests = []
    server.slow_seconds = 2
    local_servers.start(server)
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    yield server
    local_servers.stop(server)


@pytest.fixture
def helper(django_user_model):
    return django_user_model.objects.create_user("helper", "helper@example.org", "pw", first_name="Hana")


@pytest.fixture
def add_feed(place, helper):
    """``add_feed(url, **fields)``: an approved feed on the place, added by the helper."""
    from planet.models import ExternalFeed

    def make(url, **fields):
        fields = {"place": place, "status": ExternalFeed.Status.APPROVED, "added_by": helper, **fields}
        return ExternalFeed.objects.create(url=url, **fields)

    return make
