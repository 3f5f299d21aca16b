"""The surgery topics a new site starts with (surgeries/migrations/0004 and the squashed migration)."""

# The list that was hard-coded until now, with the slugs bookings and help records already store.
# Kept with the migrations rather than imported from the app, so they never change when the app's list does.
STARTING_TOPICS = [
    ("blog", "A blog"),
    ("facebook", "A Facebook page"),
    ("x", "X (Twitter)"),
    ("newsletter", "An email newsletter"),
    ("website", "A website"),
    ("safety", "Staying safe online"),
    ("other", "Something else"),
]


def add_starting_topics(apps, schema_editor):
    SurgeryTopic = apps.get_model("surgeries", "SurgeryTopic")
    for order, (slug, name) in enumerate(STARTING_TOPICS):
        SurgeryTopic.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
