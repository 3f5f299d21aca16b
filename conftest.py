"""Fixtures and skips shared by every app's tests and the browser tests."""

import functools
import io
import os
import shutil
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command

import pytest

from cms.tests.index_batches import INDEX_UPKEEP, filled_at_the_end

# Debian's headless-only build of Chromium (package chromium-headless-shell: the same Blink, in the
# headless mode Playwright's own browsers use) draws a page for about 40% less CPU than the whole
# browser, which `chromium` (the package) runs even when headless. Either is used, that one first.
CHROMIUM_BUILDS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
CHROMIUM = next((path for path in CHROMIUM_BUILDS if shutil.which(path)), CHROMIUM_BUILDS[0])
INSTALL_CHROMIUM = "apt-get install -y chromium-headless-shell (or chromium)"


def running_on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_report_header(config):
    database = "PostgreSQL" if running_on_postgres() else "SQLite (set DATABASE_URL for PostgreSQL)"
    missing = f"none ({' or '.join(CHROMIUM_BUILDS)} missing: {INSTALL_CHROMIUM})"
    browser = CHROMIUM if shutil.which(CHROMIUM) else missing
    return [f"patchwork database: {database}", f"patchwork browser: {browser}"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Skip what needs a missing service; keep each query-ceiling town on one pytest-xdist worker.

    `make test` runs the suite on two workers with ``--dist loadgroup``. The ceiling tests share a
    module-scoped town per size (``rich_site``, slow to build), so all the tests of one size go to
    the same worker (the two sizes may go to different ones) and each town is built only once.
    """
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and "rich_site" in callspec.params:
            item.add_marker(pytest.mark.xdist_group(f"rich-site-{callspec.params['rich_site']}"))
    skip_postgres = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    )
    skip_browser = pytest.mark.skip(reason=f"needs Chromium: {INSTALL_CHROMIUM}")
    has_postgres = running_on_postgres()
    has_browser = bool(shutil.which(CHROMIUM))
    for item in items:
        if "postgres" in item.keywords and not has_postgres:
            item.add_marker(skip_postgres)
        if "browser" in item.keywords and not has_browser:
            item.add_marker(skip_browser)


@pytest.fixture(scope="session", autouse=True)
def real_transactions_end_with_the_migrations_rows():
    """A test with real transactions ends with every table put back as the migrations left it.

    Django ends such a test by emptying every table and sending ``post_migrate``, so that apps
    make their rows again (content types, permissions), and the next test had to make Wagtail's
    and ours again as well. On PostgreSQL the rows the migrations left are saved once
    (``django_db_setup`` below), and putting them back (one DELETE and one INSERT per table)
    does all of that in one step, so it replaces the flush. Whatever runs next (with
    pytest-xdist, an ordinary test may follow a browser test) finds the default locale, root
    page, site, collection, groups, permissions and topics exactly as after the migrations.
    """
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def put_back_instead(test_case):
        if not BASE_TABLES:  # SQLite: Django's flush
            return flush(test_case)
        from cms.tests import demo_snapshot as snapshot

        snapshot.put_back_base(BASE_TABLES)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", put_back_instead)
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request):
    """On PostgreSQL each test database (one per pytest-xdist worker) is copied from a migrated template.

    The template is migrated once and kept until a migration changes (cms/tests/template_database.py).
    """
    if not running_on_postgres():
        yield
        return
    from django.db.backends.postgresql.creation import DatabaseCreation

    from cms.tests import template_database

    replaced = template_database.install(DatabaseCreation, rebuild=request.config.getvalue("create_db"))
    try:
        yield
    finally:
        DatabaseCreation.create_test_db = replaced


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations left it, with its rows saved to be put back (PostgreSQL)."""
    if running_on_postgres():
        from cms.tests import demo_snapshot as snapshot

        with django_db_blocker.unblock():
            BASE_TABLES[:] = snapshot.save_base()


BASE_TABLES = []  # every table saved by django_db_setup above


@pytest.fixture(autouse=True)
def wagtail_base_rows(request):
    """In tests with real transactions, put back the rows Wagtail's (and our) migrations create.

    Such tests empty every table when they finish, so the next one would find no
    default locale, root page, root collection or default site. Django's
    serialized rollback cannot restore them beside Playwright's event loop (the
    browser tests get a different connection object), so they are rebuilt here.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    from django.db import connection

    if connection.in_atomic_block:
        pytest.fail(
            "This test needs real transactions, but its module keeps data in one transaction for all its "
            "tests (cms/tests/shared_data.py): move the test to a module of its own."
        )
    request.getfixturevalue("transactional_db")
    make_base_rows()


def make_base_rows():
    from wagtail.models import Collection, Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.objects.filter(depth=1).first() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)

    from surgeries.topics import ensure_default_topics

    ensure_default_topics()  # seeded by a migration, so emptied with everything else


# Encoder options for the pictures tests draw (each test's images are new, so every page drawn
# encodes its renditions again): the fastest settings give the same formats and sizes for about a
# fifth of the CPU (AVIF 1200 px wide: 134 ms at libavif's default speed, 29 ms at its fastest).
# Like a fast password hasher in tests: what readers are sent is encoded as in production.
FAST_ENCODING = {"AVIF": {"speed": 10}, "WEBP": {"method": 0}}


@pytest.fixture(scope="session", autouse=True)
def pictures_encoded_fast():
    from PIL import Image

    def fast(save, options):
        def save_fast(image, fp, filename):
            image.encoderinfo = {**options, **image.encoderinfo}
            return save(image, fp, filename)

        return save_fast

    with pytest.MonkeyPatch.context() as patch:
        for name, options in FAST_ENCODING.items():
            Image.init()
            patch.setitem(Image.SAVE, name, fast(Image.SAVE[name], options))
        yield


def run_folder(tmp_path_factory):
    """The temporary folder of this run, which every pytest-xdist worker shares.

    A worker's own folder is <run>/popen-gw<n>; without pytest-xdist it is <run> itself.
    """
    folder = tmp_path_factory.getbasetemp()
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


@pytest.fixture(scope="session", autouse=True)
def renditions_drawn_once_per_run(tmp_path_factory):
    """Each picture is drawn at each size once per run, not once per test.

    Every test starts without rendition rows, so each page it renders draws its pictures again,
    although the same demo pictures come back test after test: that was a seventh of the suite's
    CPU. What is drawn depends only on the original's bytes and name, the filter and focal point
    and the image settings, so it is kept under those and handed out again; Wagtail still makes
    the rendition's row, file and URL as it does in production. The drawings are kept in files in
    the run's temporary folder, which every pytest-xdist worker shares (each drew them all before).
    """
    import hashlib
    from io import BytesIO

    from django.conf import settings
    from django.core.files import File

    from wagtail.images.models import AbstractImage

    kept = run_folder(tmp_path_factory) / "renditions"
    kept.mkdir(exist_ok=True)
    draw = AbstractImage.generate_rendition_file

    def write(path, data):
        """Whole or not at all: another worker may read it at any moment."""
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)

    def drawn_once(self, filter, *, source=None):
        if source is None:
            with self.open_file() as original:
                source = File(BytesIO(original.read()), name=self.file.name)
        content = source.read()
        source.seek(0)
        image_settings = [name for name in dir(settings) if name.startswith("WAGTAILIMAGES_")]
        image_settings = tuple((name, repr(getattr(settings, name))) for name in image_settings)
        key = (
            hashlib.sha256(content).hexdigest(),
            os.path.basename(self.file.name),
            filter.spec,
            filter.get_cache_key(self),
            image_settings,
        )
        stem = kept / hashlib.sha256(repr(key).encode()).hexdigest()
        data_file, name_file = stem.with_suffix(".data"), stem.with_suffix(".name")
        if not name_file.exists():  # the name is written last: with it, the drawing is whole
            result = draw(self, filter, source=source)
            result.seek(0)
            write(data_file, result.read())
            write(name_file, result.name.encode())
        return File(BytesIO(data_file.read_bytes()), name=name_file.read_text())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AbstractImage, "generate_rendition_file", drawn_once)
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and drawn images go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    from cms.site_cache import generation_cache

    cache.clear()
    generation_cache().clear()
    yield
    cache.clear()
    generation_cache().clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever the last request left active."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


class NotQueued:
    """Stands in for an index task nobody reads: saving an object enqueues nothing."""

    @staticmethod
    def enqueue(*args, **kwargs):
        return None


@contextmanager
def index_upkeep(*kept):
    """Inside, saving an object updates only the indexes named in ``kept`` (keys of INDEX_UPKEEP).

    It swaps the task each save handler enqueues, so it holds in every thread (the browser
    tests' live server too). Deleting an object still takes it out of both indexes.
    """
    from importlib import import_module

    with pytest.MonkeyPatch.context() as patch:
        for name, (handlers, tasks, task) in INDEX_UPKEEP.items():
            kept_task = getattr(import_module(tasks), task) if name in kept else NotQueued
            patch.setattr(f"{handlers}.{task}", kept_task)
        yield


@pytest.fixture(autouse=True)
def indexes_kept_up_when_asked(request):
    """Saving updates Wagtail's search index and reference index only in tests marked to read them.

    With tasks run at once (cms/settings/test.py) every save of a page, image or snippet
    re-indexed it for search and re-listed its references: about 40% of the time spent building
    test data, for two indexes most tests never read. A test (or module, with ``pytestmark``)
    that reads search results (public, admin or chooser search) is marked ``search_index``;
    one that reads usage ("used by", usage counts, deletion warnings) ``reference_index``.
    The session's demo town is built with both filled (``demo_snapshot``).
    """
    with index_upkeep(*(name for name in INDEX_UPKEEP if request.node.get_closest_marker(name))):
        yield


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo town built once per run and saved (PostgreSQL only; see cms/tests/demo_snapshot.py)."""
    if not running_on_postgres():
        return None
    from cms.tests import demo_snapshot as snapshot

    # Both indexes are filled once the town is built, each object once (about a third of the build).
    with django_db_blocker.unblock():
        return snapshot.take_once_per_run(
            run_folder(tmp_path_factory) / "demo-town",
            tmp_path_factory.mktemp("demo-town"),
            BASE_TABLES,
            building=lambda: filled_at_the_end(*INDEX_UPKEEP),
        )


@pytest.fixture
def demo_site(demo_snapshot, db, settings, tmp_path):
    """The whole demo town, as `make run` loads it; its admin login is written to tmp_path / "demo-login".

    On PostgreSQL the town built once per session is copied in (a fraction of a second instead of
    several); what a test changes is undone after it, as in any other test.
    """
    if demo_snapshot is None:
        with index_upkeep(*INDEX_UPKEEP):  # as the town saved on PostgreSQL
            call_command("load_demo", login_file=str(tmp_path / "demo-login"), stdout=io.StringIO())
    else:
        from cms.tests import demo_snapshot as snapshot

        settings.MEDIA_ROOT = demo_snapshot.media  # the town's pictures; files a test adds stay there
        shutil.copy(demo_snapshot.login_file, tmp_path / "demo-login")
        snapshot.put_back(snapshot.DEMO, demo_snapshot.tables)
    from home.models import HomePage

    yield HomePage.objects.get(locale__language_code="en-gb")
    if demo_snapshot is not None:
        snapshot.forget_cached_rows()  # the test's rollback may bring other content type ids back


@pytest.fixture
def home_page(db):
    """An empty town: a live HomePage that the default Site serves."""
    from cms.tests.rich_site import make_home_page

    return make_home_page()


@pytest.fixture
def place(home_page):
    from cms.tests.rich_site import make_place

    return make_place(home_page)


@functools.cache
def kings_road_png():
    """The bytes of the test picture, drawn once per process (each test uploads them anew)."""
    from wagtail.images.tests.utils import get_test_image_file

    return get_test_image_file(size=(1300, 800)).file.getvalue()


@pytest.fixture
def picture(db):
    """A small image with a description (its alt text), as an editor would upload it."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model
    from wagtail.models import Collection

    return get_image_model().objects.create(
        title="Kings Road",
        description="Houses on Kings Road.",
        collection=Collection.get_first_root_node(),
        file=ImageFile(io.BytesIO(kings_road_png()), name="kings-road.png"),
    )
