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
    autosave_copy.summary = "Written a moment before Publish."
    autosave_copy.save()
    autosave_copy.save_revision()

    post = PostPage.objects.get(pk=draft.pk)
    assert post.live and post.has_unpublished_changes
    assert post.get_latest_revision_as_object().summary == "Written a moment before Publish."


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
