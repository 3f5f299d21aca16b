"""Authors keep their history of changes and can be translated, like pages."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.models import Locale

import pytest

from newsletters.models import Author

pytestmark = pytest.mark.django_db


def author_form(**overrides):
    return {"name": "Maureen Lewis", "slug": "maureen-lewis", "show_publicly": "on", "bio": "", **overrides}


def test_saving_an_author_in_the_admin_keeps_a_revision(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_newsletters_author:add"), author_form())
    assert response.status_code == 302
    author = Author.objects.get()
    assert author.revisions.count() == 1
    response = admin_client.post(
        reverse("wagtailsnippets_newsletters_author:edit", args=[author.pk]),
        author_form(bio="Coordinator of the Kingstanding Neighbourhood Watch."),
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.revisions.count() == 2
    assert author.latest_revision.content["bio"].startswith("Coordinator")
    history = admin_client.get(reverse("wagtailsnippets_newsletters_author:history", args=[author.pk]))
    assert history.status_code == 200


def test_an_author_can_be_sent_for_translation(admin_client):
    Locale.objects.get_or_create(language_code="ur")
    author = Author.objects.create(name="Maureen Lewis", slug="maureen-lewis")
    assert author.locale.language_code == "en-gb"
    url = reverse("wagtail_localize:submit_snippet_translation", args=["newsletters", "author", author.pk])
    listing = admin_client.get(reverse("wagtailsnippets_newsletters_author:list")).content.decode()
    assert url in listing
    assert admin_client.get(url).status_code == 200


def test_an_author_address_is_unique_within_a_language_only():
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    english = Author.objects.create(name="Maureen Lewis", slug="maureen-lewis")
    english.copy_for_translation(urdu).save()
    assert Author.objects.filter(slug="maureen-lewis").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.create(name="Another Maureen", slug="maureen-lewis")
