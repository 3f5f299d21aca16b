"""Publish means published: a save from a copy read while the post was a draft (an
autosave that was already on its way) must not take the post offline again."""

import datetime

import pytest

from newsletters.models import PostPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(publication):
    post = PostPage(
        title="Our first post",
        slug="our-first-post",
        date=datetime.date(2026, 3, 4),
        live=False,
        has_unpublished_changes=True,
    )
    publication.add_child(instance=post)
    post.save_revision()
    return PostPage.objects.get(pk=post.pk)


def test_an_autosave_read_before_publish_does_not_unpublish(draft, client):
    # The autosave request reads the draft, as Wagtail's editor does, before Publish commits.
    autosave_copy = PostPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    draft.title = "Hello from Elm Road"
    draft.save_revision().publish()

    # ... and then writes what it read, as the editor's "save" does for a draft.
    autosave_copy.title = "Hello from Elm Road"
    autosave_copy.save()
    autosave_copy.save_revision()

    post = PostPage.objects.get(pk=draft.pk)
    assert post.live
    assert post.live_revision_id is not None
    assert client.get(post.url).status_code == 200


def test_a_stale_save_still_keeps_its_words_as_a_draft(draft):
    autosave_copy = PostPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    draft.save_revision().publish()
    autosave_copy.intro = "<p>Written a moment before Publish.</p>"
    autosave_copy.save()
    autosave_copy.save_revision()

    post = PostPage.objects.get(pk=draft.pk)
    assert post.live and post.has_unpublished_changes
    assert post.get_latest_revision_as_object().intro == "<p>Written a moment before Publish.</p>"


def test_unpublishing_still_takes_a_post_offline(draft, client):
    draft.save_revision().publish()
    post = PostPage.objects.get(pk=draft.pk)
    post.unpublish()
    assert not PostPage.objects.get(pk=draft.pk).live
    assert client.get(post.url).status_code == 404


def test_saving_a_draft_keeps_it_a_draft(draft):
    copy = PostPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    copy.title = "Still working on it"
    copy.save()
    post = PostPage.objects.get(pk=draft.pk)
    assert not post.live and post.title == "Still working on it"


@pytest.mark.django_db(transaction=True)
def test_an_autosave_overlapping_publish_in_the_editor_leaves_the_post_live(publication, monkeypatch):
    """The race through Wagtail's real editor: an autosave reads the draft, Publish runs and
    commits, and only then does the autosave write. The post must stay live."""
    import threading

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        querydict_from_html,
        streamfield,
    )

    from newsletters.forms import PostPageForm

    editor = get_user_model().objects.create_superuser(username="edie", password="x")
    post = PostPage(title="Draft", slug="draft", date=datetime.date(2026, 3, 4), live=False)
    publication.add_child(instance=post)
    post.save_revision(user=editor)
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])

    client = Client()
    client.force_login(editor)
    form_data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    form_data.update(nested_form_data({"body": streamfield([]), "comments": inline_formset([])}))
    form_data["title"] = "Hello from Elm Road"

    autosave_has_read_the_draft, publish_is_done = threading.Event(), threading.Event()
    real_save = PostPageForm.save

    def save_after_publish(form, commit=True):
        if threading.current_thread().name == "autosave":
            autosave_has_read_the_draft.set()
            publish_is_done.wait(timeout=20)
        return real_save(form, commit=commit)

    monkeypatch.setattr(PostPageForm, "save", save_after_publish)
    responses = {}

    def autosave():
        try:
            autosaver = Client()
            autosaver.force_login(editor)
            responses["autosave"] = autosaver.post(url, form_data, HTTP_ACCEPT="application/json")
        finally:
            connection.close()

    thread = threading.Thread(target=autosave, name="autosave")
    thread.start()
    assert autosave_has_read_the_draft.wait(timeout=20)
    publish = client.post(url, {**form_data.dict(), "action-publish": "publish"})
    publish_is_done.set()
    thread.join(timeout=30)

    assert publish.status_code == 302
    assert responses["autosave"].status_code in (200, 400)
    post = PostPage.objects.get(pk=post.pk)
    assert post.live, "Publish said published, so the post is live"
    assert Client().get(post.url).status_code == 200
