"""Pictures come from the site's own image model, and a post's picture is described once, on the image.

The foreign keys move to ``cms.CustomImage`` (which holds the same images with the
same ids, see ``cms/migrations/0002_custom_image_and_document.py``). Then each
post's "lead image description" is copied into its picture's alternative text, and
the post's own field goes:

- a picture that already has alternative text keeps it, and the post's wording is dropped;
- a picture with none gets the post's wording;
- when several posts share a picture without alternative text, a post in the site's
  main language (``LANGUAGE_CODE``) wins over its translations, then the most recently
  edited post wins (a post's latest draft counts before its live version, so a draft
  waiting to be checked keeps its description too). Other wordings are dropped: a
  translated post now reads its picture's one description.

Going back puts each picture's alternative text into its posts' field again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def wordings_by_image(apps):
    """{image id: the post wording to use}: main-language posts first, then the most recently edited."""
    PostPage = apps.get_model("newsletters", "PostPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    main_language_first = models.Case(
        models.When(locale__language_code=settings.LANGUAGE_CODE, then=0), default=1
    )
    posts = list(
        PostPage.objects.order_by(
            main_language_first, models.F("latest_revision_created_at").desc(nulls_last=True), "-pk"
        ).values_list("lead_image_id", "lead_image_alt", "latest_revision_id")
    )
    drafts = dict(
        Revision.objects.filter(pk__in=[revision for _, _, revision in posts if revision]).values_list(
            "pk", "content"
        )
    )
    wordings = {}
    for image_id, wording, revision in posts:
        draft = drafts.get(revision) or {}
        for candidate_image, candidate_wording in (
            (draft.get("lead_image"), draft.get("lead_image_alt")),
            (image_id, wording),
        ):
            text = (candidate_wording or "").strip() if isinstance(candidate_wording, str) else ""
            if isinstance(candidate_image, int) and text:
                wordings.setdefault(candidate_image, text)
    return wordings


def move_alt_text_to_images(apps, schema_editor):
    CustomImage = apps.get_model("cms", "CustomImage")
    wordings = wordings_by_image(apps)
    for image in CustomImage.objects.filter(pk__in=wordings):
        if not image.description.strip():
            image.description = wordings[image.pk][:255]
            image.save(update_fields=["description"])


def copy_alt_text_back(apps, schema_editor):
    PostPage = apps.get_model("newsletters", "PostPage")
    for post in PostPage.objects.exclude(lead_image=None).select_related("lead_image"):
        post.lead_image_alt = post.lead_image.description[:250]
        post.save(update_fields=["lead_image_alt"])


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0002_custom_image_and_document'),
        ('newsletters', '0006_author_addresses_unique_per_language'),
    ]

    operations = [
        migrations.AlterField(
            model_name='postpage',
            name='lead_image',
            field=models.ForeignKey(blank=True, help_text="Optional. A picture shown at the top of the post, in lists and when it is shared. It needs its 'Alternative text' (a sentence describing it, kept with the image): add it when you upload the picture, or later under Images.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage'),
        ),
        migrations.AlterField(
            model_name='postpage',
            name='social_image',
            field=models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage'),
        ),
        migrations.AlterField(
            model_name='publicationpage',
            name='logo',
            field=models.ForeignKey(blank=True, help_text="Optional. Your group's logo, shown at the top of the publication and on printed issues.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage'),
        ),
        migrations.AlterField(
            model_name='publicationpage',
            name='social_image',
            field=models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage'),
        ),
        migrations.RunPython(move_alt_text_to_images, copy_alt_text_back, elidable=True),
        migrations.RemoveField(
            model_name='postpage',
            name='lead_image_alt',
        ),
    ]
