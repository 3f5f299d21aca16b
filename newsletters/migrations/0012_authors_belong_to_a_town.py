"""Authors belong to a part of the page tree (a town), so each town's organisers see only their own.

Existing authors are filed under the page above every publication they have written in (in their
own language): the publication itself, the place or the town's home. An author who wrote in two
towns on two websites, or wrote nothing yet, belongs to the whole network (no page), which only
network administrators edit.
"""

import django.db.models.deletion
from django.db import migrations, models

STEPLEN = 4  # Wagtail's treebeard path step


def common_path(paths):
    first = min(paths)
    last = max(paths)  # the common prefix of sorted strings is that of the first and last
    length = 0
    while (
        length + STEPLEN <= min(len(first), len(last))
        and first[: length + STEPLEN] == last[: length + STEPLEN]
    ):
        length += STEPLEN
    return first[:length]


def file_authors_under_their_publications(apps, schema_editor):
    Author = apps.get_model("newsletters", "Author")
    PostPage = apps.get_model("newsletters", "PostPage")
    Page = apps.get_model("wagtailcore", "Page")
    groups = {}
    for author in Author.objects.order_by("pk"):
        groups.setdefault(author.translation_key, []).append(author)
    for authors in groups.values():
        first = authors[0]
        posts = PostPage.objects.filter(authors__in=[author.pk for author in authors])
        paths = list(posts.filter(locale_id=first.locale_id).values_list("path", flat=True)) or list(
            posts.values_list("path", flat=True)
        )
        if not paths:
            continue
        path = common_path([post_path[:-STEPLEN] for post_path in paths])
        if len(path) <= STEPLEN:
            continue  # only the root is above them all: the whole network's
        page = Page.objects.filter(path=path).first()
        if page is not None:
            Author.objects.filter(pk__in=[author.pk for author in authors]).update(town_page=page)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0011_place_digests"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="town_page",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The town (or part of the website) whose organisers look after this author. Leave it "
                    "empty for an author of the whole network, whom only network administrators can change."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="town",
            ),
        ),
        migrations.RunPython(file_authors_under_their_publications, migrations.RunPython.noop, elidable=True),
    ]
