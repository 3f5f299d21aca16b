"""Requests a second for eight public pages from gunicorn, through Varnish and from nginx; publish → visible.

Loads the demo town into DATABASE_URL (made when the server has no database of that name;
migrate + load_demo; nothing is rebuilt when it is already there), then starts, each on a
free port on 127.0.0.1:

- gunicorn (`cms.wsgi`, 2 workers) with the production settings (DEBUG off, a random
  SECRET_KEY, ALLOWED_HOSTS 127.0.0.1, no HTTPS redirect, EMAIL_HOST 127.0.0.1 so the
  checks pass, static files collected into a temporary folder), FRONTEND_CACHE_URL
  pointing at the Varnish below and Django's page cache off (PAGE_CACHE_SECONDS=0): every
  request rendered ("django"), with Django's cache (the parts kept per cache generation) in
  REDIS_URL when the bench is started with one, else in each worker's memory;
- a second gunicorn, the same with the page cache on (PAGE_CACHE_SECONDS=300; "cached"): pages
  come from Django's cache, in REDIS_URL when the bench is started with one, else in each
  worker's memory;
- varnishd as shipped (deploy/varnish.vcl, deploy/varnishd.params), its backend pointed at gunicorn;
- nginx serving, as static files, the bytes gunicorn answered for each page, with its headers.

The default site's address becomes Varnish's, as readers would reach it, so the app's PURGEs
match what Varnish stores. For each page in turn it runs `wrk -t2 -c16 -d10s` against the
four (interleaved, so a busy moment hurts all alike), with `Accept-Encoding: gzip` as
browsers send (`--identity` for none), and prints the median req/s of the rounds, with the
CPU milliseconds each gunicorn's workers spent per request (PostgreSQL's share not included): a
figure a busy machine changes far less than req/s. Then it publishes a new post in another
process, as an editor's Publish does, while polling the publication's listing through Varnish,
and prints the milliseconds until the post shows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/http_throughput.py
    ... bench/http_throughput.py --duration 5 --rounds 3 --publishes 5

Needs `wrk` and `varnishd` (apt-get install wrk varnish); without nginx (apt-get install
nginx-light) the nginx column is left empty. The posts it publishes stay until the next run.

With `--bakerydemo DIR` it also starts Wagtail's bakerydemo from DIR under gunicorn (2 sync
workers, its production settings, on another port) and runs wrk against its equivalent page
right after Patchwork's, page by page (BAKERYDEMO_PAGES; no feed), printing "bakerydemo req/s"
and "Patchwork / bakerydemo" (issue 17's goal: at least 3x on every public page). DIR is not
part of Patchwork and is prepared by hand, outside this repository (bench/README.md):
reconstructed from the stored wagtail/bakerydemo (models at commit 9a4fb401ed9a), with
DIR/.venv holding the same Wagtail and Django as ours plus gunicorn, dj-database-url,
psycopg, django-redis and whitenoise, then, in DIR with DJANGO_SETTINGS_MODULE=
bakerydemo.settings.production, DATABASE_URL and REDIS_URL as passed below:
`manage.py migrate`, `manage.py load_initial_data`, `manage.py collectstatic --no-input`.

    ... bench/http_throughput.py --bakerydemo /work/bakerydemo --rounds 3
"""

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from cms import varnish  # noqa: E402 - plain Python: the shipped VCL and varnishd parameters

PAGES = ["home", "place", "publication", "post", "centre", "surgery", "search", "feed"]
MODES = ["django", "cached", "varnish", "nginx"]
# Headers nginx writes itself for a file (the rest of gunicorn's are sent with add_header).
NGINX_OWN_HEADERS = {
    "date",
    "server",
    "content-length",
    "content-type",
    "connection",
    "transfer-encoding",
    "last-modified",
}
# Patchwork's page -> bakerydemo's equivalent: a path, or the index whose first link under it is the page
BAKERYDEMO_PAGES = {
    "home": "/",
    "publication": "/blog/",
    "post": ("/blog/", "first post"),
    "place": "/locations/",
    "centre": ("/locations/", "first location (with opening hours)"),
    "surgery": ("/breads/", "first bread"),
    "search": "/search/?q=bread",
    "feed": None,
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BENCH_SLUG = "bench-post-"  # the posts this script publishes (removed at the start of the next run)


def find(program):
    return shutil.which(program) or next(
        (f"{folder}/{program}" for folder in ("/usr/sbin", "/sbin") if os.path.exists(f"{folder}/{program}")),
        None,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, headers=None):
    """(status, headers, raw body) of a GET to 127.0.0.1:port, redirects not followed."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def text_of(headers, body):
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", "replace")


# --- Inside the app (run as `--child <step>` in a process with the bench's settings) -----------


def child_pages(cache_port):
    """Remove earlier bench posts, point the default site at Varnish, print the pages' paths (JSON)."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import override_settings

    from wagtail.models import Locale, Site

    from home.models import CommunityCentrePage, HomePage, PlacePage
    from newsletters.models import PostPage, PublicationPage
    from surgeries.models import SurgeryPage

    with override_settings(WAGTAILFRONTENDCACHE={}):  # no Varnish yet to purge
        for leftover in PostPage.objects.filter(slug__startswith=BENCH_SLUG):
            leftover.delete()  # posts an earlier run published
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", cache_port
    site.save()
    english = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    def first(model, **filters):
        page = model.objects.live().public().filter(locale=english, **filters).order_by("path").first()
        if page is None:
            raise SystemExit(f"The demo town has no live {model.__name__}")
        return page

    publication = first(PublicationPage)
    post = PostPage.objects.live().child_of(publication).order_by("-date", "-pk").first()
    surgery = first(SurgeryPage)
    word = post.title.split()[0]
    paths = {
        "home": first(HomePage),
        "place": first(PlacePage),
        "publication": publication,
        "post": post,
        "centre": first(CommunityCentrePage),
        "surgery": surgery,
    }
    paths = {name: page.get_url_parts()[2] for name, page in paths.items()}
    paths["search"] = f"/search/?query={word}"
    paths["feed"] = "/feeds/rss/"
    print(json.dumps({"paths": paths, "publication": publication.pk}))


def child_publish(publication_pk, title):
    """Publish a new post in the publication, as the admin's Publish does; print when (JSON)."""
    import django

    django.setup()
    import datetime

    from django.utils.text import slugify

    from newsletters.models import PostPage, PublicationPage

    publication = PublicationPage.objects.get(pk=publication_pk)
    post = PostPage(
        title=title,
        slug=slugify(title),
        date=datetime.date.today(),
        intro="<p>Published by bench/http_throughput.py.</p>",
        live=False,
    )
    publication.add_child(instance=post)
    revision = post.save_revision()
    started = time.time()
    revision.publish()
    print(json.dumps({"started": started, "returned": time.time()}))


# --- The servers -------------------------------------------------------------------------------


class Servers:
    """gunicorn, varnishd and nginx in a temporary folder; stopped by stop()."""

    def __init__(self, database_url):
        self.work = Path(tempfile.mkdtemp(prefix="patchwork-http-bench-"))
        self.work.chmod(0o755)  # varnishd's and nginx's workers run as other users and read here
        self.processes = []
        self.django_port, self.varnish_port, self.nginx_port = free_port(), free_port(), free_port()
        self.cached_port = free_port()
        self.page_cache_redis = os.environ.get("REDIS_URL", "")
        (self.work / "bench_settings.py").write_text(
            "from cms.settings.production import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(self.work / 'static')!r}\n"
        )
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(self.work), str(REPOSITORY)]),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            # The production checks want a real mail server; nothing is sent during the bench.
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": "25",
            "FRONTEND_CACHE_URL": f"http://127.0.0.1:{self.varnish_port}",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.varnish_port}",
            "PAGE_CACHE_SECONDS": "0",
        }
        self.env.pop("REDIS_URL", None)
        if self.page_cache_redis:
            # Every process (both gunicorns, the publishing one) shares Django's cache and so its
            # generation, as production's processes do through REDIS_URL.
            self.env["REDIS_URL"] = self.page_cache_redis

    def manage(self, *command):
        run = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            [sys.executable, "manage.py", *command],
            cwd=REPOSITORY,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise SystemExit(f"manage.py {' '.join(command)} failed:\n{run.stdout}{run.stderr}")
        return run.stdout

    def child(self, *arguments):
        run = subprocess.run(  # noqa: S603 - this script, with fixed arguments
            [sys.executable, __file__, "--child", *map(str, arguments)],
            cwd=REPOSITORY,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise SystemExit(f"{arguments[0]} failed:\n{run.stdout}{run.stderr}")
        return json.loads(run.stdout.strip().splitlines()[-1])

    def start(self, name, command, port, cwd=REPOSITORY, env=None):
        log = open(self.work / f"{name}.log", "w")  # noqa: SIM115 - kept open for the process
        process = subprocess.Popen(  # noqa: S603 - installed programs with our own arguments
            command, cwd=cwd, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} stopped:\n{(self.work / f'{name}.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} did not listen on port {port} within 60 s") from None
                time.sleep(0.1)

    def start_gunicorn(self):
        """gunicorn rendering every request (behind Varnish), and gunicorn with Django's page cache on."""
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "cms.wsgi:application", "--workers", "2"]
        self.start("gunicorn", [*command, "--bind", f"127.0.0.1:{self.django_port}"], self.django_port)
        self.gunicorn = self.processes[-1].pid
        env = {**self.env, "PAGE_CACHE_SECONDS": "300"}
        command += ["--bind", f"127.0.0.1:{self.cached_port}"]
        self.start("gunicorn-cached", command, self.cached_port, env=env)
        self.gunicorn_cached = self.processes[-1].pid

    def start_bakerydemo(self, folder, database_url, redis_url):
        """bakerydemo's own gunicorn from folder (its production settings), as a baseline to compare with."""
        gunicorn = Path(folder) / ".venv" / "bin" / "gunicorn"
        if not gunicorn.exists():
            raise SystemExit(f"{gunicorn} is missing: see --help for preparing the bakerydemo folder")
        self.bakerydemo_port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
        }
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        command = [str(gunicorn), "bakerydemo.wsgi:application", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{self.bakerydemo_port}"]
        self.start("bakerydemo", command, self.bakerydemo_port, cwd=folder, env=env)
        self.bakerydemo = self.processes[-1].pid

    def start_varnish(self, varnishd):
        """varnishd as shipped (deploy/varnish.vcl and deploy/varnishd.params), in front of gunicorn."""
        (self.work / "bench.vcl").write_text(varnish.vcl_for_backend(self.django_port))
        command = [varnishd, "-F", "-n", str(self.work / "varnish"), "-a", f"127.0.0.1:{self.varnish_port}"]
        command += ["-f", str(self.work / "bench.vcl"), "-s", "malloc,256m", *varnish.parameters()]
        self.start("varnish", command, self.varnish_port)

    def start_nginx(self, nginx, pages):
        """nginx serving each page's saved answer at /gz/<name> or /plain/<name>, with its headers.

        Each location sends the headers gunicorn sent with the page (Content-Encoding, Cache-Control,
        Content-Security-Policy, Vary...), so nginx's answer is the one Varnish gives, bar the few
        headers each server adds (Date, Server; Age and Via from Varnish).
        """
        locations = []
        for name, (headers, body) in pages.items():
            folder = "gz" if headers.get("Content-Encoding") == "gzip" else "plain"
            (self.work / "files" / folder).mkdir(parents=True, exist_ok=True)
            (self.work / "files" / folder / name).write_bytes(body)
            sent = [
                f'add_header {header} "{value}" always;'
                for header, value in headers.items()
                if header.lower() not in NGINX_OWN_HEADERS and '"' not in value and "$" not in value
            ]
            content_type = headers.get("Content-Type", "text/html")
            locations.append(
                f'location = /{folder}/{name} {{ default_type "{content_type}"; etag off; {" ".join(sent)} }}'
            )
        for folder in ("files", "files/gz", "files/plain"):
            (self.work / folder).mkdir(parents=True, exist_ok=True)
            (self.work / folder).chmod(0o755)
        temp = self.work / "nginx-temp"
        temp.mkdir()
        (self.work / "nginx.conf").write_text(
            f"""worker_processes 2;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    types {{ }}
    default_type text/html;
    sendfile on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{self.nginx_port};
        root {self.work}/files;
        {chr(10).join("        " + location for location in locations).lstrip()}
    }}
}}
"""
        )
        command = [nginx, "-p", str(self.work), "-e", str(self.work / "nginx-error.log")]
        self.start("nginx", [*command, "-c", str(self.work / "nginx.conf")], self.nginx_port)

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.work, ignore_errors=True)


# --- Measuring ---------------------------------------------------------------------------------


def wrk(url, options, accept):
    """Requests a second wrk saw for url, requests answered, and how many were errors or not 2xx/3xx."""
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{options.duration:g}s"]
    command += ["--timeout", "10s"]  # wrk's 2 s would count a slow answer on a busy machine as an error
    if accept:
        command += ["-H", f"Accept-Encoding: {accept}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = sum(int(count) for count in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        bad += int(errors.group(1)) + int(errors.group(3)) + int(errors.group(4))
    return rate, requests, bad


def workers_cpu_seconds(parent):
    """User + system CPU seconds of the processes whose parent is ``parent`` (gunicorn's workers)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == parent:
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def bakerydemo_paths(port, names):
    """bakerydemo's path for each page name; a page shown by an index is the index's first link under it."""
    paths = {}
    for name in names:
        target = BAKERYDEMO_PAGES[name]
        if isinstance(target, tuple):
            index = target[0]
            status, headers, body = get(port, index, {"Accept-Encoding": "identity"})
            if status != 200:
                raise SystemExit(f"bakerydemo's {index} answered {status}")
            links = re.findall(rf'href="({re.escape(index)}[\w-]+/)"', text_of(headers, body))
            if not links:
                raise SystemExit(f"bakerydemo's {index} links to no page under it")
            target = links[0]
        paths[name] = target
    return paths


def publish_to_visible(servers, publication_pk, listing, number):
    """Milliseconds from publish() starting to the post showing in the listing through Varnish."""
    title = f"{BENCH_SLUG.replace('-', ' ').capitalize()}{number} {secrets.token_hex(3)}"
    for _ in range(2):  # stored, then served from the cache, so only a purge can show the post
        _, headers, _ = get(servers.varnish_port, listing)
    if headers.get("X-Cache") != "HIT":
        raise SystemExit(f"{listing} is not served from the cache (X-Cache: {headers.get('X-Cache')})")
    publisher = subprocess.Popen(  # noqa: S603 - this script, with fixed arguments
        [sys.executable, __file__, "--child", "publish", str(publication_pk), title],
        cwd=REPOSITORY,
        env=servers.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = None
    deadline = time.monotonic() + 120
    while seen is None and time.monotonic() < deadline:
        _, headers, body = get(servers.varnish_port, listing)
        if title in text_of(headers, body):
            seen = time.time()
        else:
            time.sleep(0.005)
    output, errors = publisher.communicate(timeout=120)
    if publisher.returncode:
        raise SystemExit(f"Publishing failed:\n{output}{errors}")
    times = json.loads(output.strip().splitlines()[-1])
    if seen is None:
        return None, (times["returned"] - times["started"]) * 1000
    return (seen - times["started"]) * 1000, (times["returned"] - times["started"]) * 1000


def median_or_nan(values):
    return statistics.median(values) if values else float("nan")


def machine():
    import platform

    with open("/proc/cpuinfo") as cpuinfo:
        model = re.search(r"model name\s*:\s*(.+)", cpuinfo.read())
    release = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?"
    return (
        f"{os.cpu_count()} cores ({model.group(1) if model else 'unknown CPU'}), Debian {release}, "
        f"Python {platform.python_version()}"
    )


def postgres_version(url):
    """The server's version, after making the database in ``url`` if the server has none by that name."""
    import psycopg
    from psycopg import sql

    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise SystemExit(f"Cannot reach the database in DATABASE_URL ({url}): {error}") from None
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as server:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Made the database {name}, which did not exist yet.")
        connection = psycopg.connect(url, autocommit=True)
    with connection:
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        step, arguments = sys.argv[2], sys.argv[3:]
        if step == "pages":
            return child_pages(int(arguments[0]))
        return child_publish(int(arguments[0]), arguments[1])
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each page and mode; median shown")
    parser.add_argument("--publishes", type=int, default=3, help="posts published and timed (default 3)")
    parser.add_argument(
        "--identity", action="store_true", help="send no Accept-Encoding (uncompressed answers)"
    )
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES, help="only these pages")
    parser.add_argument(
        "--bakerydemo",
        metavar="DIR",
        help="also measure bakerydemo from DIR side by side (prepared by hand: see above)",
    )
    parser.add_argument(
        "--bakerydemo-database",
        default="postgres://postgres@127.0.0.1:5432/bakerydemo",
        help="bakerydemo's DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bakerydemo)",
    )
    parser.add_argument(
        "--bakerydemo-redis",
        default="redis://127.0.0.1:6379/7",
        help="bakerydemo's REDIS_URL, its production cache (default redis://127.0.0.1:6379/7; '' for none)",
    )
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/bench"
        )
    varnishd, nginx = find("varnishd"), find("nginx")
    if not shutil.which("wrk") or not varnishd:
        raise SystemExit("Needs wrk and varnishd: apt-get install wrk varnish")
    if not nginx:
        print("nginx is missing (apt-get install nginx-light): the nginx column stays empty.")
    accept = None if options.identity else "gzip"
    started = time.monotonic()
    print(f"Machine: {machine()}, PostgreSQL {postgres_version(url)}; load average {os.getloadavg()[0]:.1f}")

    servers = Servers(url)
    try:
        print("Migrating and loading the demo town (kept if already there)...", flush=True)
        servers.manage("migrate", "--no-input", "-v0")
        servers.manage("load_demo", "--login-file", str(servers.work / "demo-login"))
        # What the task worker would have done by now: the search and reference indexes. Without
        # it the search page searches an empty index and finds nothing (never kept, by design).
        print("Running the queued background tasks (search index)...", flush=True)
        servers.manage("run_worker", "--batch", "--no-startup-delay")
        print("Collecting static files...", flush=True)
        servers.manage("collectstatic", "--no-input", "-v0")
        found = servers.child("pages", servers.varnish_port)
        paths = {name: found["paths"][name] for name in options.pages}
        print(
            "Starting gunicorn (2 workers; page cache off, and on"
            f" in {'Redis' if servers.page_cache_redis else 'each worker'}), Varnish (deploy/varnish.vcl)"
            " and nginx...",
            flush=True,
        )
        servers.start_gunicorn()
        servers.start_varnish(varnishd)
        bakery = {}
        if options.bakerydemo:
            print(f"Starting bakerydemo from {options.bakerydemo} (gunicorn, 2 workers)...", flush=True)
            servers.start_bakerydemo(
                options.bakerydemo, options.bakerydemo_database, options.bakerydemo_redis
            )
            compared = [name for name in paths if BAKERYDEMO_PAGES[name]]
            bakery = bakerydemo_paths(servers.bakerydemo_port, compared)
        headers = {"Accept-Encoding": accept} if accept else {}
        saved, cache_state, page_cache_state = {}, {}, {}
        for name, path in paths.items():
            status, answer, body = get(servers.django_port, path, headers)
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status} from gunicorn")
            saved[name] = (answer, body)
            for _ in range(2):
                status, answer, _ = get(servers.varnish_port, path, headers)
            cache_state[name] = answer.get("X-Cache", "?")
            for _ in range(3):  # each of the two workers stores the page once
                status, answer, _ = get(servers.cached_port, path, headers)
            page_cache_state[name] = "HIT" if answer.get("Age") else "MISS"  # a stored answer has an Age
            size = (
                f"{len(body) / 1024:.1f} KB{' gzipped' if answer.get('Content-Encoding') == 'gzip' else ''}"
            )
            print(
                f"  {name:<12} {path:<45} {size:<16} Varnish: {cache_state[name]},"
                f" page cache: {page_cache_state[name]}"
            )
        for name, path in bakery.items():
            status, answer, body = get(servers.bakerydemo_port, path, headers)  # also draws its renditions
            if status != 200:
                raise SystemExit(f"bakerydemo's {path} ({name}) answered {status}")
            encoding = " gzipped" if answer.get("Content-Encoding") == "gzip" else ""
            print(f"  bakerydemo {name:<12} {path:<34} {len(body) / 1024:.1f} KB{encoding}")
        if nginx:
            servers.start_nginx(nginx, saved)
        urls = {
            "django": lambda name: f"http://127.0.0.1:{servers.django_port}{paths[name]}",
            "cached": lambda name: f"http://127.0.0.1:{servers.cached_port}{paths[name]}",
            "varnish": lambda name: f"http://127.0.0.1:{servers.varnish_port}{paths[name]}",
            "bakerydemo": lambda name: f"http://127.0.0.1:{servers.bakerydemo_port}{bakery[name]}",
            "nginx": lambda name: (
                f"http://127.0.0.1:{servers.nginx_port}/"
                + ("gz" if saved[name][0].get("Content-Encoding") == "gzip" else "plain")
                + f"/{name}"
            ),
        }
        modes = MODES if nginx else MODES[:3]
        if bakery:
            modes = [modes[0], "bakerydemo", *modes[1:]]  # right after Patchwork's gunicorn, page by page
        rates = {(name, mode): [] for name in paths for mode in modes}
        parents = {"django": servers.gunicorn, "cached": servers.gunicorn_cached}
        if bakery:
            parents["bakerydemo"] = servers.bakerydemo
        cpu = {(name, mode): [] for name in paths for mode in ("django", "cached", "bakerydemo")}
        print(
            f"wrk -t{options.threads} -c{options.connections} -d{options.duration:g}s,"
            f" Accept-Encoding: {accept or 'none'}, {options.rounds} round(s), modes interleaved:",
            flush=True,
        )
        for round_number in range(1, options.rounds + 1):
            for name in paths:
                line = []
                for mode in modes:
                    if mode == "bakerydemo" and name not in bakery:
                        continue
                    parent = parents.get(mode, servers.gunicorn)
                    cpu_before = workers_cpu_seconds(parent)
                    rate, requests, bad = wrk(urls[mode](name), options, accept)
                    if mode in parents and requests:  # a request's cost, however busy
                        cpu[name, mode].append(1000 * (workers_cpu_seconds(parent) - cpu_before) / requests)
                    rates[name, mode].append(rate)
                    line.append(f"{mode} {rate:,.0f}" + (f" ({bad} errors or not 2xx/3xx)" if bad else ""))
                print(f"  round {round_number} {name:<12} " + ", ".join(line), flush=True)

        print("Publish → visible in the listing through Varnish:", flush=True)
        delays = []
        for number in range(1, options.publishes + 1):
            visible, publish = publish_to_visible(
                servers, found["publication"], found["paths"]["publication"], number
            )
            delays.append(visible)
            shown = "not within 120 s" if visible is None else f"{visible:,.0f} ms"
            print(
                f"  post {number}: visible after {shown} (publish() itself took {publish:,.0f} ms)",
                flush=True,
            )
    finally:
        servers.stop()

    print()
    print(f"Summary (median req/s of {options.rounds} round(s); load average now {os.getloadavg()[0]:.1f}):")
    print(
        f"{'page':<12} {'django':>9} {'CPU ms/req':>11} {'cached':>9} {'CPU ms/req':>11} {'varnish':>9}"
        f" {'nginx':>9} {'varnish/nginx':>14} {'X-Cache':>8}"
    )
    ratios = []
    for name in paths:
        median = {mode: statistics.median(rates[name, mode]) for mode in modes if rates[name, mode]}
        ratio = median["varnish"] / median["nginx"] if "nginx" in median else None
        if ratio is not None:
            ratios.append((name, ratio))
        print(
            f"{name:<12} {median['django']:>9,.0f} {median_or_nan(cpu[name, 'django']):>11.1f}"
            f" {median['cached']:>9,.0f} {median_or_nan(cpu[name, 'cached']):>11.1f}"
            f" {median['varnish']:>9,.0f}"
            f" {median.get('nginx', 0):>9,.0f} {'' if ratio is None else f'{ratio:.0%}':>14}"
            f" {cache_state[name]:>8}"
        )
    if ratios:
        under = [f"{name} {ratio:.0%}" for name, ratio in ratios if ratio < 0.9]
        print(f"Through Varnish ≥ 90% of nginx-as-file: {'yes' if not under else 'no: ' + ', '.join(under)}")
    if bakery:
        print()
        print(f"Side by side with bakerydemo (gunicorn, median req/s of {options.rounds} round(s)):")
        print(
            f"{'page':<12} {'bakerydemo page':<34} {'Patchwork req/s':>15} {'bakerydemo req/s':>16}"
            f" {'Patchwork / bakerydemo':>22} {'CPU ms/req P / b':>17} {'page cache / bakerydemo':>24}"
        )
        short = []
        for name in paths:
            ours = statistics.median(rates[name, "django"])
            our_cpu = median_or_nan(cpu[name, "django"])
            if name not in bakery:
                print(f"{name:<12} {'(none)':<34} {ours:>15,.1f} {'':>16} {'':>22} {our_cpu:>8.1f} /")
                continue
            theirs = statistics.median(rates[name, "bakerydemo"])
            if not theirs:  # no answer within the run: nothing to compare
                short.append(f"{name} not measured")
                ratio = "—"
            else:
                ratio = f"{ours / theirs:.2f}x"
                if ours / theirs < 3:
                    short.append(f"{name} {ratio}")
            cached = f"{statistics.median(rates[name, 'cached']) / theirs:.2f}x" if theirs else "—"
            print(
                f"{name:<12} {bakery[name]:<34} {ours:>15,.1f} {theirs:>16,.1f} {ratio:>22}"
                f" {our_cpu:>8.1f} / {median_or_nan(cpu[name, 'bakerydemo']):<7.1f} {cached:>24}"
            )
        print(f"Every public page ≥ 3x bakerydemo: {'yes' if not short else 'no: ' + ', '.join(short)}")
    if delays:
        worst = None if None in delays else max(delays)
        verdict = "not seen" if worst is None else f"{worst:,.0f} ms ({'yes' if worst <= 1000 else 'no'})"
        print(f"Visible ≤ 1 s after Publish, worst of {len(delays)}: {verdict}")
    print(f"Took {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
