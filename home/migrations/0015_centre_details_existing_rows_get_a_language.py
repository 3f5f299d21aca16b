"""Existing rooms, activities and changes to the hours take their centre page's language.

A translated centre's rows were copies of its source's, in the same order: each row and its copies
share a translation key, so the next sync updates them instead of replacing them.
"""

import uuid
from collections import defaultdict

from django.db import migrations

CENTRE_DETAILS = ("CentreRoom", "OpeningHoursException", "RegularActivity")


def give_rows_their_pages_language(apps, schema_editor):
    page_model = apps.get_model("wagtailcore", "Page")
    for name in CENTRE_DETAILS:
        model = apps.get_model("home", name)
        rows_by_page = defaultdict(list)
        for row in model.objects.order_by("page_id", "sort_order", "pk"):
            rows_by_page[row.page_id].append(row)
        translations = defaultdict(list)
        for page_id, locale_id, translation_key in page_model.objects.filter(pk__in=rows_by_page).values_list(
            "pk", "locale_id", "translation_key"
        ):
            translations[translation_key].append((page_id, locale_id))
        changed = []
        for pages in translations.values():
            counts = {len(rows_by_page[page_id]) for page_id, _locale_id in pages}
            shared_keys = [uuid.uuid4() for _ in range(counts.pop())] if len(counts) == 1 else None
            for page_id, locale_id in pages:
                for position, row in enumerate(rows_by_page[page_id]):
                    row.locale_id = locale_id
                    row.translation_key = shared_keys[position] if shared_keys else uuid.uuid4()
                    changed.append(row)
        model.objects.bulk_update(changed, ["locale", "translation_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0014_centre_details_keep_languages"),
    ]

    operations = [migrations.RunPython(give_rows_their_pages_language, migrations.RunPython.noop, elidable=True)]
