"""Bookings counted per surgery, role, status and walk-in, kept by PostgreSQL itself.

The triggers and the first count are in ``operations/booking_tally.py``, shared with the squashed
migration that replaces this one.
"""

import django.db.models.deletion
from django.db import migrations, models

from surgeries.migrations.operations.booking_tally import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("surgeries", "0011_page_editor_labels_translated"),
    ]

    operations = [
        migrations.CreateModel(
            name="BookingTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("attend", "Getting help"), ("help", "Giving help")], max_length=10
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("held", "Held until they confirm their email address"),
                            ("pending", "Waiting for an organiser to approve"),
                            ("booked", "Booked"),
                            ("waitlisted", "On the waiting list"),
                            ("cancelled", "Cancelled by the booker"),
                            ("declined", "Declined by an organiser"),
                            ("attended", "Came"),
                            ("no_show", "Did not come"),
                            ("released", "Released: email address not confirmed in time"),
                        ],
                        max_length=20,
                    ),
                ),
                ("is_walk_in", models.BooleanField()),
                ("bookings", models.IntegerField(default=0)),
                (
                    "surgery",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surgeries.surgerypage",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("surgery", "role", "status", "is_walk_in"),
                        name="surgeries_one_tally_per_kind",
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
