"""Editors can open the forms for publications, posts and authors."""

import re

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_the_add_forms_open_where_the_page_types_are_allowed(editor_client, place, publication):
    add_publication = reverse("wagtailadmin_pages:add", args=["newsletters", "publicationpage", place.pk])
    add_post = reverse("wagtailadmin_pages:add", args=["newsletters", "postpage", publication.pk])
    assert editor_client.get(add_publication).status_code == 200
    response = editor_client.get(add_post)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Safety alert", "Meeting or event", "Useful numbers", "Video", "Contact card"):
        assert label in html


def test_a_post_with_every_field_opens_in_the_editor(editor_client, make_posts):
    post = make_posts(1)[0]
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).status_code == 200


def test_authors_are_listed_under_snippets(editor_client, authors):
    response = editor_client.get(reverse("wagtailsnippets_newsletters_author:list"))
    assert response.status_code == 200
    assert "Maureen Lewis" in response.content.decode()


def test_a_publication_has_a_sending_tab_for_its_sender_name_and_reply_to_address(editor_client, publication):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[publication.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    sending_tab = re.search(r'<a id="tab-label-sending"[^>]*role="tab"[^>]*>\s*Sending\b', html)
    assert sending_tab, "no Sending tab in the publication's editor"
    assert 'name="email_sender_name"' in html and 'name="email_reply_to"' in html
    assert "so mail providers do not take your issues for forgeries" in html
    assert "Leave it empty and the issue does not invite replies" in html
