"""What people come to a surgery for help with, shared by bookings and the help log.

The topics themselves are rows editors manage (``SurgeryTopic``). Bookings and help records store
each topic's slug, which never changes once the topic exists, so renaming a topic relabels old
records without changing what they mean.
"""

# The topic that asks the booker to say what else they want help with.
OTHER = "other"

# The list a new site starts with (the data migration and the demo content load these).
DEFAULT_TOPICS = [
    ("blog", "A blog"),
    ("facebook", "A Facebook page"),
    ("x", "X (Twitter)"),
    ("newsletter", "An email newsletter"),
    ("website", "A website"),
    ("safety", "Staying safe online"),
    (OTHER, "Something else"),
]


def ensure_default_topics():
    """Add any of the starting topics that are missing; leave editors' changes alone."""
    from .models import SurgeryTopic

    for order, (slug, name) in enumerate(DEFAULT_TOPICS):
        SurgeryTopic.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
