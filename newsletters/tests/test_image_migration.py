"""A site that already has pictures and posts keeps them when the site's own image model arrives.

An empty database is migrated from nothing to just before the migrations that add the
image and document models and move the alt text onto the image, filled the way the old code
filled it, and migrated forward to today. It takes the migrations a site of that time ran, not the
squashed ones that replace them on a new install (``OlderSiteLoader``).

On PostgreSQL that is a database of the test's own, copied from a template of the older site
that is migrated once and kept until a migration (or this file) changes, as the test databases
are (``cms/tests/template_database.py``): migrating from nothing was half of the test's time. The
test database the other tests use is not touched. On SQLite the test database is emptied.
"""

import contextlib
import datetime
import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.images.tests.utils import get_test_image_file

import pytest

from cms.tests import template_database
from cms.tests.migration_paths import older_site_executor

pytestmark = pytest.mark.django_db(transaction=True)

MIGRATIONS = {
    "cms": "0002_custom_image_and_document",
    "newsletters": "0007_images_in_cms_alt_text_on_the_image",
    "home": "0008_images_in_cms",
    "surgeries": "0005_images_in_cms",
}


def empty_database():
    """Every table gone, as in a new database (SQLite; the test's rows are put back when it ends)."""
    with connection.cursor() as cursor:
        # Full-text search tables first: dropping one drops the tables that hold its index.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
        cursor.execute("PRAGMA foreign_keys = ON")


def migrate(targets):
    """Apply migrations up to ``targets``; every app's models as they then stand."""
    older_site_executor().migrate(targets)
    return models_as_migrated()


def models_as_migrated():
    """Every app's models as the migrations applied to the database leave them."""
    return older_site_executor()._create_project_state(with_applied_migrations=True).apps


def before_the_change():
    """For each app, its last migration that is neither one of the changes nor comes after one."""
    graph = older_site_executor().loader.graph
    changed = set().union(*(graph.backwards_plan(node) for node in MIGRATIONS.items()))  # and after
    targets = []
    for app in sorted({app for app, _name in graph.nodes}):
        kept = {node for node in graph.nodes if node[0] == app and node not in changed}
        last = [node for node in kept if not kept & {child.key for child in graph.node_map[node].children}]
        targets.append(last[0] if last else (app, None))
    return targets


def latest():
    return older_site_executor().loader.graph.leaf_nodes()


OLDER_SITE_TEMPLATE = "test_older_site_template_"


@contextlib.contextmanager
def connected_to(name):
    """The default connection, and so every query and migration, goes to database ``name`` inside."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def older_site_template():
    """The database as the older site left it before the change, migrated once (PostgreSQL).

    Kept under a fingerprint of every migration, the installed packages and this file; one made
    from other migrations is dropped when a new one is made.
    """
    digest = hashlib.sha256(template_database.fingerprint().encode() + Path(__file__).read_bytes())
    template = f"{OLDER_SITE_TEMPLATE}{digest.hexdigest()[:12]}"
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor, template_database.one_process_at_a_time(cursor, template):
        if not template_database.database_exists(cursor, template):
            building = f"{template}_building"
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(building)}")
            with connected_to(building):
                migrate(before_the_change())
            cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
            template_database.drop_other_templates(cursor, quote, OLDER_SITE_TEMPLATE, template)
    return template


@contextlib.contextmanager
def database_of_its_own():
    """A new database for the test, copied from the older site's template, dropped afterwards."""
    template = older_site_template()
    name = f"{connection.settings_dict['NAME']}_older_site"
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
    try:
        with connected_to(name):
            yield
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


def forget_cached_rows():
    """Content types and sites differ between the databases: ids cached before no longer hold."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Site

    ContentType.objects.clear_cache()
    Site.clear_site_root_paths_cache()


@pytest.fixture
def migrated_old_site():
    """Two pictures, a document and three posts stored as the code before the change stored
    them, then migrated to today's models."""
    if connection.vendor == "postgresql":
        with database_of_its_own():
            forget_cached_rows()
            try:
                fill_old_site(models_as_migrated())
                migrate(latest())
                yield
            finally:
                forget_cached_rows()
        return
    try:
        empty_database()
        fill_old_site(migrate(before_the_change()))
    finally:
        migrate(latest())
        forget_cached_rows()
    yield


def edited_on(year, month, day):
    return datetime.datetime(year, month, day, tzinfo=datetime.UTC)


def fill_old_site(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Image = apps.get_model("wagtailimages", "Image")
    Document = apps.get_model("wagtaildocs", "Document")
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    PublicationPage = apps.get_model("newsletters", "PublicationPage")
    PostPage = apps.get_model("newsletters", "PostPage")

    collection = Collection.objects.create(name="Elm Road", path="00010009", depth=2)
    file_name = default_storage.save(
        "original_images/kings-road.png", ContentFile(get_test_image_file(size=(640, 400)).file.getvalue())
    )
    # Ids well above 1, so a copy that renumbered rows would be noticed.
    street = Image.objects.create(
        id=41,
        title="Kings Road",
        file=file_name,
        width=640,
        height=400,
        collection=collection,
        focal_point_x=100,
        focal_point_y=120,
        focal_point_width=50,
        focal_point_height=40,
    )
    described = Image.objects.create(
        id=42,
        title="Shops",
        file=file_name,
        width=640,
        height=400,
        collection=collection,
        description="The row of shops on Kingstanding Circle.",
    )
    image_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    TaggedItem.objects.create(
        tag=Tag.objects.create(name="street", slug="street"), content_type=image_type, object_id=41
    )
    Document.objects.create(id=7, title="Bin days", file="documents/bins.pdf", collection=collection)

    english = Locale.objects.get(language_code="en-gb")
    polish, _ = Locale.objects.get_or_create(language_code="pl")
    root = Page.objects.get(depth=1)
    publication = PublicationPage.objects.create(
        title="Elm Road News",
        slug="elm-road-news",
        path=root.path + "0099",
        depth=2,
        numchild=4,
        url_path="/elm-road-news/",
        locale=english,
        live=True,
        content_type=ContentType.objects.get_or_create(app_label="newsletters", model="publicationpage")[0],
    )
    post_type = ContentType.objects.get_or_create(app_label="newsletters", model="postpage")[0]
    for number, (slug, locale, image, alt, edited) in enumerate(
        [
            ("spring", english, street, "Volunteers litter-picking on Kings Road", edited_on(2026, 3, 2)),
            ("winter", english, street, "Kings Road in the snow", edited_on(2026, 1, 5)),
            # A translation edited later does not put its own language on the shared picture.
            ("wiosna", polish, street, "Wolontariusze sprzątają Kings Road", edited_on(2026, 4, 1)),
            ("shops", english, described, "Some other words", None),
        ],
        start=1,
    ):
        PostPage.objects.create(
            title=slug.title(),
            slug=slug,
            path=f"{publication.path}000{number}",
            depth=3,
            url_path=f"/elm-road-news/{slug}/",
            locale=locale,
            live=True,
            content_type=post_type,
            date=datetime.date(2026, 3, number),
            lead_image=image,
            lead_image_alt=alt,
            latest_revision_created_at=edited,
            body="[]",
        )


def test_pictures_documents_and_posts_survive_the_change_of_image_model(migrated_old_site):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms.media import CustomImage
    from newsletters.models import PostPage

    assert get_image_model() is CustomImage
    street = CustomImage.objects.get(pk=41)
    assert street.title == "Kings Road" and street.collection.name == "Elm Road"
    assert (street.focal_point_x, street.focal_point_y, street.focal_point_width) == (100, 120, 50)
    assert street.file.name == "original_images/kings-road.png" and street.width == 640
    assert list(street.tags.names()) == ["street"]
    assert get_document_model().objects.get(pk=7).title == "Bin days"

    # The alt text moved onto the pictures: the most recently edited main-language post's
    # wording for the shared picture, and a picture that already had its own keeps it.
    assert street.description == "Volunteers litter-picking on Kings Road"
    assert CustomImage.objects.get(pk=42).description == "The row of shops on Kingstanding Circle."

    # The post still shows its picture, described.
    post = PostPage.objects.get(slug="spring")
    assert post.lead_image == street
    html = render_to_string("includes/cards/post_card.html", {"post": post}, RequestFactory().get("/"))
    assert 'alt="Volunteers litter-picking on Kings Road"' in html
    assert street.renditions.exists()  # drawn again from the same file

    # A picture uploaded afterwards gets a new id, not one of the copied ones.
    newcomer = CustomImage.objects.create(
        title="New", file=street.file.name, width=640, height=400, collection=street.collection
    )
    assert newcomer.pk > 42
