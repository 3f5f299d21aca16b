"""Local HTTP servers standing in for the outside world in tests (Mastodon, a feed, a WordPress site).

``serve_forever`` looks for ``shutdown()`` only every ``poll_interval`` seconds; at Python's
default of half a second, every test with a local server waited up to that long to end.
"""

import threading
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler

POLL_SECONDS = 0.02


class QuietHandler(BaseHTTPRequestHandler):
    """A stand-in server's request handler that leaves the test output alone."""

    def log_message(self, format, *args):
        pass


class QuietFileHandler(SimpleHTTPRequestHandler):
    """Serves a folder's files (``directory=``), leaving the test output alone."""

    def log_message(self, format, *args):
        pass


def start(server):
    """Serve ``server`` from a daemon thread until ``stop(server)``."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True).start()


def stop(server):
    server.shutdown()
    server.server_close()
