"""Helpers for the post import tests: the WordPress export fixture and a local server for its pictures."""

import functools
import http.server
from pathlib import Path

import pytest
from PIL import Image

from cms.tests import local_servers

FIXTURES = Path(__file__).parent / "fixtures"
OLD_SITE = "https://kingstandingwatch.example.org"
PICTURES = {
    "red-door.png": ("PNG", (200, 40, 40)),
    "blue-van.jpg": ("JPEG", (40, 40, 200)),
    "green-bin.gif": ("GIF", (40, 160, 40)),
}


@pytest.fixture
def image_server(tmp_path, settings):
    """An http.server in a thread serving the export's pictures (and a few bad files); yields its address."""
    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    root = tmp_path / "old-site"
    for folder in ("uploads/2023/01", "uploads/2023"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, (kind, colour) in PICTURES.items():
            Image.new("RGB", (32, 24), colour).save(root / folder / name, kind)
    (root / "not-a-picture.png").write_text("<html>nope</html>")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    local_servers.start(server)
    server.requests = []
    QuietHandler.log = server.requests
    yield f"http://127.0.0.1:{server.server_address[1]}"
    local_servers.stop(server)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    log = []

    def log_message(self, format, *args):
        QuietHandler.log.append(self.path)


def export_text(images):
    return (FIXTURES / "kingstanding-watch.wxr").read_text().replace("__IMAGES__", images)


@pytest.fixture
def wxr(image_server):
    """The Kingstanding Watch WordPress export (bytes), its pictures on the local server."""
    return export_text(image_server).encode()
