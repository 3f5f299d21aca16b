"""The shipped Varnish configuration (deploy/varnish.vcl) in front of the app, with purging on publish.

Each test starts a real varnishd on a free port with the shipped VCL and parameters
(deploy/varnishd.params), its backend pointed at the test's live server, and the app's
FRONTEND_CACHE_URL pointed at that varnishd.
"""

import datetime
import os
import shutil
import socket
import subprocess
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.test import Client

import pytest

from cms import varnish as varnish_as_shipped
from newsletters.models import PostPage

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)

pytestmark = [
    pytest.mark.skipif(
        VARNISHD is None, reason="varnishd is not installed (apt-get install varnish; .ci/run installs it)"
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Varnish:
    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def get(self, path, cookie=None):
        """(status, headers, body) of a GET through the cache, without following redirects."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, response.headers, body

    def send(self, method, path, headers=None):
        """The status of a PURGE or BAN sent from 127.0.0.1, as the app sends them."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(method, path, headers=headers or {})
        status = connection.getresponse().status
        connection.close()
        return status


@pytest.fixture
def varnish(live_server, settings):
    """varnishd with the shipped VCL and parameters in front of the live server; the app purges it."""
    work = Path(tempfile.mkdtemp(prefix="patchwork-varnish-"))
    work.chmod(0o755)  # varnishd's worker process runs as another user and reads its files here
    (work / "test.vcl").write_text(varnish_as_shipped.vcl_for_backend(urlsplit(live_server.url).port))
    port = free_port()
    command = [VARNISHD, "-F", "-n", str(work / "instance"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(work / "test.vcl"), "-s", "malloc,32m", *varnish_as_shipped.parameters()]
    process = subprocess.Popen(  # noqa: S603 - varnishd from PATH with our own arguments
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped: {process.stdout.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("varnishd did not start listening within 30 s")
                time.sleep(0.1)
        cache = Varnish(port)
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "cms.front_cache.PurgeBackend",
                "LOCATION": cache.url,
            }
        }
        settings.PUBLIC_CACHE_S_MAXAGE = 6 * 60 * 60  # long: only purging can make a change show
        yield cache
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def site_behind_varnish(varnish, publication):
    """The site's address is the cache's, as readers would reach it."""
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", varnish.port
    site.save()
    return varnish


def test_a_published_post_shows_through_the_cache_within_a_second(site_behind_varnish, publication):
    cache = site_behind_varnish
    listing = publication.url
    status, headers, body = cache.get(listing)
    assert status == 200 and headers["X-Cache"] == "MISS"
    assert "s-maxage=21600" in headers["Cache-Control"]
    status, headers, body = cache.get(listing)
    assert headers["X-Cache"] == "HIT"
    assert "Bins go fortnightly" not in body
    _, _, feed = cache.get("/feeds/rss/")
    assert cache.get("/feeds/rss/")[1]["X-Cache"] == "HIT"
    assert "Bins go fortnightly" not in feed
    cache.get("/sitemap-pages.xml")
    assert cache.get("/sitemap-pages.xml")[1]["X-Cache"] == "HIT"

    post = PostPage(
        title="Bins go fortnightly",
        slug="bins-go-fortnightly",
        date=datetime.date.today(),
        intro="<p>From March the blue bins are emptied every other Tuesday.</p>",
        live=False,
    )
    publication.add_child(instance=post)
    post.save_revision().publish()
    # Counted from the moment Publish has finished, as an editor would see it: on a busy machine
    # publishing itself (revisions, search and reference indexes) can take longer than the purge.
    published_at = time.monotonic()

    while True:
        status, headers, body = cache.get(listing)
        if "Bins go fortnightly" in body:
            break
        assert time.monotonic() - published_at < 1, "the new post did not show through the cache within 1 s"
        time.sleep(0.05)
    assert time.monotonic() - published_at < 1
    # The listing is cached again, with the post, and so are the post and the site's feed.
    assert cache.get(listing)[1]["X-Cache"] == "HIT"
    status, _, body = cache.get(post.url)
    assert status == 200 and "every other Tuesday" in body
    assert "Bins go fortnightly" in cache.get("/feeds/rss/")[2]
    assert "/bins-go-fortnightly/" in cache.get("/sitemap-pages.xml")[2]


def test_unpublishing_a_post_takes_it_out_of_the_cached_listing(site_behind_varnish, publication):
    cache = site_behind_varnish
    post = PostPage(title="Jumble sale", slug="jumble-sale", date=datetime.date.today(), live=False)
    publication.add_child(instance=post)
    post.save_revision().publish()
    cache.get(publication.url)
    assert "Jumble sale" in cache.get(publication.url)[2]
    assert cache.get(post.url)[0] == 200

    post.refresh_from_db()
    post.unpublish()

    assert "Jumble sale" not in cache.get(publication.url)[2]
    assert cache.get(post.url)[0] == 404


def test_pages_seen_with_a_session_or_in_the_admin_are_never_cached(site_behind_varnish, publication):
    from django.contrib.auth import get_user_model

    cache = site_behind_varnish
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "not-used")
    client = Client()
    client.force_login(editor)
    session = (
        f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}"
    )

    for _ in range(3):
        status, headers, body = cache.get(publication.url, cookie=session)
        assert status == 200
        assert headers["X-Cache"] != "HIT"
        assert "private" in headers["Cache-Control"]
        assert "wagtail-userbar" in body  # the editor's own "edit this page" bar
    # Readers without a session never get the editor's page.
    status, headers, body = cache.get(publication.url)
    assert headers["X-Cache"] == "MISS"
    assert "wagtail-userbar" not in body
    assert cache.get(publication.url)[1]["X-Cache"] == "HIT"

    for path in ("/admin/login/", "/admin/", "/django-admin/"):
        for cookie in (None, session):
            for _ in range(2):
                _, headers, _ = cache.get(path, cookie=cookie)
                assert headers["X-Cache"] != "HIT", path
    # The signed-in admin is not handed to anyone else either.
    status, headers, body = cache.get("/admin/")
    assert status == 302 and "/admin/login/" in headers["Location"]


def test_only_the_app_may_purge(site_behind_varnish, publication):
    cache = site_behind_varnish
    cache.get(publication.url)
    # Loopback addresses other than 127.0.0.1 stand in for a stranger on the network.
    stranger = HTTPConnection("127.0.0.1", cache.port, timeout=10, source_address=("127.0.0.2", 0))
    stranger.request("PURGE", publication.url)
    assert stranger.getresponse().status == 405
    stranger.close()
    assert cache.get(publication.url)[1]["X-Cache"] == "HIT"

    assert cache.send("PURGE", publication.url) == 200
    assert cache.get(publication.url)[1]["X-Cache"] == "MISS"
    assert cache.send("BAN", "/") == 400  # a BAN must say what to drop (X-Ban-Url)
    assert cache.send("BAN", "/", headers={"X-Ban-Url": "^/"}) == 200
    assert cache.get(publication.url)[1]["X-Cache"] == "MISS"


@pytest.mark.search_index
def test_searches_are_kept_until_a_page_changes_and_a_search_finding_nothing_never_is(
    site_behind_varnish, publication
):
    from wagtail.models import PageViewRestriction

    cache = site_behind_varnish

    def publish(title, slug):
        post = PostPage(title=title, slug=slug, date=datetime.date.today(), live=False)
        publication.add_child(instance=post)
        post.save_revision().publish()
        return post

    publish("Compost heap rules", "compost-heap-rules")
    search = "/search/?query=compost"
    assert cache.get(search)[1]["X-Cache"] == "MISS"
    status, headers, body = cache.get(search)
    assert status == 200 and headers["X-Cache"] == "HIT" and "Compost heap rules" in body
    for _ in range(2):  # counted for the editors every time, so never stored
        assert cache.get("/search/?query=zebra")[1]["X-Cache"] == "PASS"

    collection = publish("Compost collection starts", "compost-collection")
    published_at = time.monotonic()
    while "Compost collection starts" not in cache.get(search)[2]:
        assert time.monotonic() - published_at < 1, "the new post did not show in the kept search within 1 s"
        time.sleep(0.05)
    assert cache.get(collection.url)[0] == 200

    # Made private: the post, and the search listing it, are no longer handed to readers.
    PageViewRestriction.objects.create(page=collection, restriction_type=PageViewRestriction.LOGIN)
    status, headers, _ = cache.get(collection.url)
    assert status == 302 and "/login" in headers["Location"]
    assert "Compost collection starts" not in cache.get(search)[2]
    assert "Compost heap rules" in cache.get(search)[2]
