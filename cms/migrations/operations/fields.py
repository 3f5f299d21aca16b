"""Moving a page field's words to a new name without losing any, for data migrations.

A ``RenameField`` renames the column, but a page's words also live where Django cannot
see them: every saved version of the page (Wagtail's revisions, which hold drafts and
scheduled changes as JSON) and wagtail-localize's copy of the page it translates from.
``move_page_field`` renames the field there too, and can turn plain text into rich
text on the way (in the table as well), so a draft written before the change opens
with its words in place.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

from cms.html import plain_text_as_rich_text, rich_text_as_editable_plain_text, rich_text_as_plain_text

# wagtail-localize names each translatable place in a page by a UUID made from its path.
LOCALIZE_PATH_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")


def move_page_field(app_label, model_name, old_name, new_name, to_rich_text=False):
    """A ``RunPython`` to follow ``RenameField(old_name, new_name)`` (and any ``AlterField``).

    In both directions it runs while the table's column is called ``new_name``. It changes only
    rows and saved copies that exist, so a squashed migration leaves it out (``elidable``): the
    database it makes is new.
    """

    def forwards(apps, schema_editor):
        convert = plain_text_as_rich_text if to_rich_text else None
        move(apps, app_label, model_name, new_name, old_name, new_name, convert)

    def backwards(apps, schema_editor):
        convert = rich_text_as_editable_text if to_rich_text else None
        move(apps, app_label, model_name, new_name, new_name, old_name, convert)

    return migrations.RunPython(forwards, backwards, elidable=True)


def rich_text_as_editable_text(html):
    """Back to plain text, keeping paragraphs apart where the rich text is that simple."""
    text = rich_text_as_editable_plain_text(html)
    return rich_text_as_plain_text(html) if text is None else text


def move(apps, app_label, model_name, column, from_name, to_name, convert):
    """Convert the values in ``column``, and rename ``from_name`` to ``to_name`` in saved copies."""
    model = apps.get_model(app_label, model_name)
    if convert is not None:
        for pk, value in model.objects.exclude(**{column: ""}).values_list("pk", column).iterator():
            model.objects.filter(pk=pk).update(**{column: convert(value)})

    content_type = (
        apps.get_model("contenttypes", "ContentType")
        .objects.filter(app_label=app_label, model=model_name.lower())
        .first()
    )
    if content_type is None:  # a new database: no page of this type was ever saved
        return

    def renamed(content):
        if from_name not in content:
            return False
        value = content.pop(from_name)
        content[to_name] = convert(value or "") if convert else value
        return True

    revisions = apps.get_model("wagtailcore", "Revision").objects.filter(content_type_id=content_type.pk)
    for revision in revisions.iterator():
        if renamed(revision.content):
            revision.save(update_fields=["content"])

    try:
        sources = apps.get_model("wagtail_localize", "TranslationSource").objects.filter(
            specific_content_type_id=content_type.pk
        )
        contexts = apps.get_model("wagtail_localize", "TranslationContext").objects
    except LookupError:  # wagtail-localize is not installed
        return
    for source in sources.iterator():
        content = json.loads(source.content_json)
        if renamed(content):
            source.content_json = json.dumps(content, cls=DjangoJSONEncoder)
            source.save(update_fields=["content_json"])
    # Translations already made stay attached to the field under its new name.
    contexts.filter(object__in=sources.values("object"), path=from_name).update(
        path=to_name, field_path=to_name, path_id=uuid.uuid5(LOCALIZE_PATH_NAMESPACE, to_name)
    )
