"""Local HTTP servers standing in for the outside world in tests (Mastodon, a feed, a WordPress site).

``serve_forever`` looks for ``shutdown()`` only every ``poll_interval`` seconds; at Python's
default of half a second, every test with a local server waited up to that long to end.
"""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler

POLL_SECONDS = 0.02


class Quiet:
    """Leaves the test output alone: no request log, and no traceback when the client hangs up
    first (as our outbound client does on purpose once an answer is too big or too slow)."""

    def log_message(self, format, *args):
        pass

    def handle(self):
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


class QuietHandler(Quiet, BaseHTTPRequestHandler):
    """A stand-in server's request handler."""


class QuietFileHandler(Quiet, SimpleHTTPRequestHandler):
    """Serves a folder's files (``directory=``)."""


def start(server):
    """Serve ``server`` from a daemon thread until ``stop(server)``."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True).start()


def stop(server):
    server.shutdown()
    server.server_close()
