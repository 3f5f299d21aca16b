"""A site that already has pictures and posts keeps them when the site's own image model arrives.

The database is taken back to just before the migrations that add the image and
document models and move the alt text onto the image, filled the way the old code
filled it, and migrated forward again.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.images.tests.utils import get_test_image_file

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MIGRATIONS = {
    "cms": "0002_custom_image_and_document",
    "newsletters": "0007_images_in_cms_alt_text_on_the_image",
    "home": "0008_images_in_cms",
    "surgeries": "0005_images_in_cms",
}


class KeptMigrationsFirst(MigrationExecutor):
    """Django's executor, with the migrations that stay applied first in its plan for an empty database.

    To unapply migrations Django first replays that plan to find the project state before each
    one, re-rendering the models at every step from the first migration it unapplies to the last;
    in Django's own order that is about 140 steps for the 38 migrations unapplied here, which is
    most of the test's time. Any order with each migration after its dependencies gives the same
    states, and the migrations unapplied are all those that depend on another unapplied one, so
    they can go last: then only they are replayed.
    """

    unapplying = frozenset()

    def migration_plan(self, targets, clean_start=False):
        plan = super().migration_plan(targets, clean_start=clean_start)
        if not clean_start:
            return plan
        kept = [step for step in plan if step[0] not in self.unapplying]
        return kept + [step for step in plan if step[0] in self.unapplying]


def migrate(targets):
    executor = KeptMigrationsFirst(connection)
    executor.loader.build_graph()
    executor.unapplying = {step for step, backwards in executor.migration_plan(targets) if backwards}
    executor.migrate(targets)
    executor.loader.build_graph()
    # Every app as its applied migrations leave it.
    return executor._create_project_state(with_applied_migrations=True).apps


def before_the_change():
    """For each app, the migration its image migration follows."""
    graph = MigrationExecutor(connection).loader.graph
    return [
        next(parent for parent in graph.node_map[(app, name)].parents if parent[0] == app).key
        for app, name in MIGRATIONS.items()
    ]


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def migrated_old_site():
    """Two pictures, a document and three posts stored as the code before the change stored
    them, then migrated to today's models."""
    apps = migrate(before_the_change())
    try:
        fill_old_site(apps)
    finally:
        migrate(latest())


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
