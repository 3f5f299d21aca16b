"""Which addresses the front cache forgets when a post or a publication changes (cms/front_cache.py)."""

import datetime

import pytest

from cms.tests.front_cache_recorder import recorder
from newsletters.models import PostPage, PublicationPage

BASE = "http://testserver"


@pytest.fixture
def purged_by(settings, django_capture_on_commit_callbacks):
    return recorder(settings, django_capture_on_commit_callbacks)


def publish_post(publication, authors, **fields):
    post = PostPage(
        title="Bins go fortnightly", slug="bins", date=datetime.date(2026, 3, 2), live=False, **fields
    )
    publication.add_child(instance=post)
    post.tags.add("bins")
    post.authors.set([authors["named"]])
    post.save_revision().publish()
    return post


def test_publishing_a_post_purges_it_its_listings_places_home_sitemap_and_feeds(
    purged_by,
    publication,
    place,
    home_page,
    authors,
):
    purged = purged_by(lambda: publish_post(publication, authors))
    expected = {
        f"{BASE}/kingstanding/watch/bins/",
        f"{BASE}/kingstanding/watch/",
        f"{BASE}/kingstanding/watch/archive/",
        f"{BASE}/kingstanding/watch/archive/2026/",
        f"{BASE}/kingstanding/watch/archive/2026/3/",
        f"{BASE}/kingstanding/watch/tags/bins/",
        f"{BASE}/kingstanding/watch/authors/maureen-lewis/",
        f"{BASE}/kingstanding/",
        f"{BASE}/",
        f"{BASE}/sitemap.xml",
        f"{BASE}/feeds/rss/",
        f"{BASE}/feeds/atom/",
        f"{BASE}/feeds/publications/{publication.pk}/rss/",
        f"{BASE}/feeds/tags/bins/atom/",
        f"{BASE}/feeds/authors/maureen-lewis/rss/",
        f"{BASE}/feeds/places/{place.pk}/rss/",
        f"{BASE}/feeds/places/{place.pk}/atom/",
    }
    assert expected <= purged, sorted(expected - purged)


def test_unpublishing_deleting_and_moving_a_post_purge_where_it_was(
    purged_by,
    publication,
    place,
    home_page,
    authors,
):
    post = publish_post(publication, authors)
    post.refresh_from_db()
    purged = purged_by(post.unpublish)
    assert {f"{BASE}/kingstanding/watch/bins/", f"{BASE}/kingstanding/watch/", f"{BASE}/feeds/rss/"} <= purged

    post.save_revision().publish()
    other = PublicationPage(title="Kingstanding Blog", slug="blog", kind=PublicationPage.Kind.BLOG)
    place.add_child(instance=other)
    post.refresh_from_db()
    purged = purged_by(lambda: post.move(other, pos="last-child"))
    assert {
        f"{BASE}/kingstanding/watch/bins/",
        f"{BASE}/kingstanding/watch/",
        f"{BASE}/kingstanding/blog/bins/",
        f"{BASE}/kingstanding/blog/",
        f"{BASE}/feeds/publications/{publication.pk}/rss/",
        f"{BASE}/feeds/publications/{other.pk}/rss/",
    } <= purged

    purged = purged_by(PostPage.objects.get(pk=post.pk).delete)
    assert {f"{BASE}/kingstanding/blog/bins/", f"{BASE}/kingstanding/blog/", f"{BASE}/"} <= purged


def test_a_publish_sends_no_purge_without_a_front_cache(
    settings, publication, authors, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks() as callbacks:
        publish_post(publication, authors)
    assert not any("purge" in repr(callback) for callback in callbacks)


@pytest.mark.parametrize("change", ["renamed", "hidden", "deleted"])
def test_an_author_renamed_hidden_or_deleted_empties_every_sites_front_cache(
    change, settings, authors, home_page, django_capture_on_commit_callbacks, monkeypatch
):
    """Their name is on posts, cards and feeds all over the site: no cached page may keep it."""
    from wagtail.models import Site

    from cms import front_cache

    banned = []
    monkeypatch.setattr(front_cache, "ban_site", banned.append)
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}
    author = authors["named"]
    with django_capture_on_commit_callbacks(execute=True):
        if change == "deleted":
            author.delete()
        else:
            author.name, author.show_publicly = (
                ("Maureen Lewis-Carter", True) if change == "renamed" else (author.name, False)
            )
            author.save()
    assert sorted(site.pk for site in banned) == sorted(Site.objects.values_list("pk", flat=True))


@pytest.mark.reference_index
@pytest.mark.parametrize("change", ["alt text", "new file", "deleted"])
def test_editing_or_deleting_a_picture_purges_the_pages_that_show_it(
    change, purged_by, publication, place, home_page, authors, picture
):
    """Kept copies carry the picture's alt text and name its renditions, which a new file replaces."""
    publish_post(publication, authors, lead_image=picture)
    if change == "alt text":
        picture.description = "Bin bags lined up on Kings Road."
        purged = purged_by(picture.save)
    elif change == "new file":
        picture.file.save("kings-road-again.png", picture.file.file, save=False)
        purged = purged_by(picture.save)
    else:
        purged = purged_by(picture.delete)
    expected = {
        f"{BASE}/kingstanding/watch/bins/",
        f"{BASE}/kingstanding/watch/",
        f"{BASE}/kingstanding/",
        f"{BASE}/",
        f"{BASE}/kingstanding/watch/tags/bins/",
        f"{BASE}/feeds/rss/",
    }
    assert expected <= purged, sorted(expected - purged)


@pytest.mark.reference_index
def test_editing_a_picture_in_a_live_update_purges_the_post_showing_it(
    purged_by, publication, place, home_page, authors, picture, admin_client
):
    from django.urls import reverse

    from newsletters.models import LiveUpdate

    post = publish_post(publication, authors)
    LiveUpdate.objects.create(post=post, text="The vote is in: bins stay weekly.", image=picture)
    picture.description = "Hands raised in the hall."
    assert f"{BASE}/kingstanding/watch/bins/" in purged_by(picture.save)
    # The picture's usage counts the update, so deleting it warns that it is in use.
    usage = admin_client.get(reverse("wagtailimages:image_usage", args=[picture.pk]))
    assert usage.status_code == 200
    assert "Live update" in usage.content.decode()


def test_a_new_picture_purges_nothing(purged_by, publication, authors, picture):
    from cms.tests.rich_site import small_image

    assert purged_by(lambda: small_image("Not used anywhere yet")) == set()


@pytest.mark.reference_index
def test_wagtail_noting_a_pictures_size_purges_nothing(purged_by, publication, authors, picture):
    publish_post(publication, authors, lead_image=picture)
    picture.file_size = 1234
    assert purged_by(lambda: picture.save(update_fields=["file_size"])) == set()
