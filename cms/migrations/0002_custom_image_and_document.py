"""The site's own image and document models, holding every existing picture and file.

Rows are copied from Wagtail's own tables with the same ids, so every reference
keeps working: foreign keys (moved to the new model by each app's next migration),
image and document ids inside StreamFields and rich text, and links in emails
already sent. Collections, owners, tags, focal points, file paths, file sizes and
hashes come along, as do the renditions (same files, nothing is resized again),
the image and file history, the "where is this used" index and the search index.
On PostgreSQL the id sequences are moved past the copied ids.

Wagtail's tables keep their rows but are no longer used, and the files on disk are
shared, not copied. Going back copies the pictures and files back into Wagtail's
tables (new ones added, changed ones updated) before dropping the new tables.
"""

import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

# (Wagtail's model, ours), in the order rows must be copied.
PAIRS = [
    (("wagtailimages", "Image"), ("cms", "CustomImage")),
    (("wagtailimages", "Rendition"), ("cms", "CustomRendition")),
    (("wagtaildocs", "Document"), ("cms", "CustomDocument")),
]
# Rows elsewhere that name an image or document by content type and id.
CONTENT_TYPE_COLUMNS = [
    (("wagtailcore", "ReferenceIndex"), ("to_content_type", "content_type", "base_content_type")),
    (("wagtailcore", "ModelLogEntry"), ("content_type",)),
    (("wagtailsearch", "IndexEntry"), ("content_type",)),
]


def content_type(apps, app_label, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    found, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    return found


def copy_rows(schema_editor, source, target):
    """Give ``target`` every row of ``source`` with the same ids: missing rows added, others updated."""
    quote = schema_editor.quote_name
    source_columns = {field.column for field in source._meta.concrete_fields}
    pk = quote(target._meta.pk.column)
    columns, selected, params, shared = [pk], [f"s.{pk}"], [], []
    for field in target._meta.concrete_fields:
        if field.primary_key:
            continue
        column = quote(field.column)
        columns.append(column)
        if field.column in source_columns:
            selected.append(f"s.{column}")
            shared.append(column)
        else:  # a field only the new model has (the credit) starts empty
            selected.append("%s")
            params.append(field.get_default())
    source_table, target_table = quote(source._meta.db_table), quote(target._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {target_table} SET "
            + ", ".join(
                f"{column} = (SELECT s.{column} FROM {source_table} s WHERE s.{pk} = {target_table}.{pk})"
                for column in shared
            )
            + f" WHERE {pk} IN (SELECT {pk} FROM {source_table})"
        )
        cursor.execute(
            f"INSERT INTO {target_table} ({', '.join(columns)}) SELECT {', '.join(selected)} "
            f"FROM {source_table} s WHERE s.{pk} NOT IN (SELECT {pk} FROM {target_table}) ORDER BY s.{pk}",
            params,
        )
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(statement)


def move_references(apps, old_type, new_type):
    """Tags, history, usage and search entries of ``old_type`` rows now belong to ``new_type``."""
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    existing = set(TaggedItem.objects.filter(content_type=new_type).values_list("object_id", "tag_id"))
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=new_type, object_id=object_id, tag_id=tag_id)
        for object_id, tag_id in TaggedItem.objects.filter(content_type=old_type).values_list(
            "object_id", "tag_id"
        )
        if (object_id, tag_id) not in existing
    )
    for (app_label, model_name), fields in CONTENT_TYPE_COLUMNS:
        model = apps.get_model(app_label, model_name)
        for field in fields:
            model.objects.filter(**{field: old_type}).update(**{field: new_type})


def copy_media(apps, schema_editor, backwards=False):
    for old, new in PAIRS:
        source, target = apps.get_model(*old), apps.get_model(*new)
        if backwards:
            source, target, old, new = target, source, new, old
        copy_rows(schema_editor, source, target)
        if "Rendition" not in old[1]:  # renditions have no tags, history or search entries
            move_references(apps, content_type(apps, *old), content_type(apps, *new))


def copy_media_back(apps, schema_editor):
    copy_media(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_worker_heartbeats"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The rows to copy, and the tables of the history and search entries that name them.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="CustomDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("file", models.FileField(upload_to="documents", verbose_name="file")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("file_size", models.PositiveBigIntegerField(editable=False, null=True)),
                ("file_hash", models.CharField(blank=True, editable=False, max_length=40)),
                (
                    "collection",
                    models.ForeignKey(
                        default=wagtail.models.media.get_root_collection_id,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.collection",
                        verbose_name="collection",
                    ),
                ),
                (
                    "tags",
                    taggit.managers.TaggableManager(
                        blank=True,
                        help_text=None,
                        through="taggit.TaggedItem",
                        to="taggit.Tag",
                        verbose_name="tags",
                    ),
                ),
                (
                    "uploaded_by_user",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by user",
                    ),
                ),
            ],
            options={
                "verbose_name": "document",
                "verbose_name_plural": "documents",
                "abstract": False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="CustomImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                (
                    "file",
                    wagtail.images.models.WagtailImageField(
                        height_field="height",
                        upload_to=wagtail.images.models.get_upload_to,
                        verbose_name="file",
                        width_field="width",
                    ),
                ),
                ("width", models.IntegerField(editable=False, verbose_name="width")),
                ("height", models.IntegerField(editable=False, verbose_name="height")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at"),
                ),
                ("focal_point_x", models.PositiveIntegerField(blank=True, null=True)),
                ("focal_point_y", models.PositiveIntegerField(blank=True, null=True)),
                ("focal_point_width", models.PositiveIntegerField(blank=True, null=True)),
                ("focal_point_height", models.PositiveIntegerField(blank=True, null=True)),
                ("file_size", models.PositiveIntegerField(editable=False, null=True)),
                ("file_hash", models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Describe the picture in a sentence for people who cannot see it: screen readers read this out wherever the picture is shown, e.g. 'Volunteers litter-picking on Kings Road'. Leave out 'photo of'. A post's main picture must have this.",
                        max_length=255,
                        verbose_name="alternative text",
                    ),
                ),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="Optional. Who took the picture or owns it, e.g. 'Photo: Pat Jones'. Shown under the picture at the top of a post. Use only pictures you have permission to use.",
                        max_length=255,
                    ),
                ),
                (
                    "collection",
                    models.ForeignKey(
                        default=wagtail.models.media.get_root_collection_id,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.collection",
                        verbose_name="collection",
                    ),
                ),
                (
                    "tags",
                    taggit.managers.TaggableManager(
                        blank=True,
                        help_text=None,
                        through="taggit.TaggedItem",
                        to="taggit.Tag",
                        verbose_name="tags",
                    ),
                ),
                (
                    "uploaded_by_user",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by user",
                    ),
                ),
            ],
            options={
                "verbose_name": "image",
                "verbose_name_plural": "images",
                "abstract": False,
            },
            bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="CustomRendition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("filter_spec", models.CharField(db_index=True, max_length=255)),
                (
                    "file",
                    wagtail.images.models.WagtailImageField(
                        height_field="height",
                        storage=wagtail.images.models.get_rendition_storage,
                        upload_to=wagtail.images.models.get_rendition_upload_to,
                        width_field="width",
                    ),
                ),
                ("width", models.IntegerField(editable=False)),
                ("height", models.IntegerField(editable=False)),
                ("focal_point_key", models.CharField(blank=True, default="", editable=False, max_length=16)),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="renditions",
                        to="cms.customimage",
                    ),
                ),
            ],
            options={
                "unique_together": {("image", "filter_spec", "focal_point_key")},
            },
            bases=(wagtail.images.models.ImageFileMixin, models.Model),
        ),
        migrations.RunPython(copy_media, copy_media_back),
    ]
