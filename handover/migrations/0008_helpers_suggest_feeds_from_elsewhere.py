"""Surgery helpers may suggest local blogs for a place's "From elsewhere" list (planet).

Someone with the approve permission still approves each feed before it is read.
"""

from django.db import migrations

from handover.migrations.operations.helpers_group import grant_feed_suggestions, revoke_feed_suggestions


class Migration(migrations.Migration):
    dependencies = [
        ("handover", "0007_field_labels_translated"),
        ("planet", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_feed_suggestions, revoke_feed_suggestions)]
