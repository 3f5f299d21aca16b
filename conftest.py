"""Fixtures and skips shared by every app's tests and the browser tests."""

import io
import shutil

from django.conf import settings
from django.core.management import call_command

import pytest

CHROMIUM = "/usr/bin/chromium"


def running_on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_report_header(config):
    database = "PostgreSQL" if running_on_postgres() else "SQLite (set DATABASE_URL for PostgreSQL)"
    browser = CHROMIUM if shutil.which(CHROMIUM) else f"none ({CHROMIUM} missing: apt-get install chromium)"
    return [f"patchwork database: {database}", f"patchwork browser: {browser}"]


def pytest_collection_modifyitems(config, items):
    skip_postgres = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    )
    skip_browser = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    has_postgres = running_on_postgres()
    has_browser = bool(shutil.which(CHROMIUM))
    for item in items:
        if "postgres" in item.keywords and not has_postgres:
            item.add_marker(skip_postgres)
        if "browser" in item.keywords and not has_browser:
            item.add_marker(skip_browser)


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
    request.getfixturevalue("transactional_db")
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


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and drawn images go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db, tmp_path):
    """The whole demo town, as `make run` loads it."""
    call_command("load_demo", login_file=str(tmp_path / "demo-login"), stdout=io.StringIO())
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="en-gb")


@pytest.fixture
def home_page(db):
    """An empty town: a live HomePage that the default Site serves."""
    from wagtail.models import Page, Site

    from home.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Test Town", slug="test-town"))
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.root_page = "testserver", 80, home
    site.save()
    return home


@pytest.fixture
def place(home_page):
    from home.models import PlacePage

    return home_page.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))


@pytest.fixture
def picture(db):
    """A small image with a description (its alt text), as an editor would upload it."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    return get_image_model().objects.create(
        title="Kings Road",
        description="Houses on Kings Road.",
        collection=Collection.get_first_root_node(),
        file=ImageFile(get_test_image_file(size=(1300, 800)).file, name="kings-road.png"),
    )
