"""A place's news followed from a (fake, local) fediverse server: every post below the place reaches it."""

from django.urls import reverse

import pytest

from fediverse.models import Follower
from home.models import PlacePage
from newsletters.models import PostPage, PublicationPage

from .test_fediverse import actor_path, follow, new_post, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(place):
    """Kingstanding East, a place inside Kingstanding, with its own newsletter."""
    child = place.add_child(instance=PlacePage(title="Kingstanding East", slug="kingstanding-east"))
    child.add_child(
        instance=PublicationPage(title="East News", slug="east-news", kind=PublicationPage.Kind.NEWSLETTER)
    )
    return child


def east_news():
    return PublicationPage.objects.get(slug="east-news")


def place_path(place, name="actor"):
    return actor_path(place, name, kind="places")


def test_webfinger_actor_and_outbox_of_a_place(
    client, place, east, picture, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    publish(
        new_post(east_news(), picture, slug="east-bins", title="East bins"),
        django_capture_on_commit_callbacks,
    )

    finger = client.get("/.well-known/webfinger", {"resource": "acct:kingstanding@testserver"})
    assert finger.status_code == 200
    actor_url = "http://testserver" + place_path(place)
    assert {"rel": "self", "type": "application/activity+json", "href": actor_url} in finger.json()["links"]
    assert finger.json()["subject"] == "acct:kingstanding@testserver"

    response = client.get(place_path(place))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/activity+json")
    assert "PRIVATE KEY" not in response.content.decode()
    document = response.json()
    assert document["id"] == actor_url
    assert document["preferredUsername"] == "kingstanding"
    assert document["name"] == "News from Kingstanding"
    assert document["url"] == "http://testserver/kingstanding/"
    assert document["inbox"] == actor_url + "inbox"
    assert document["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")

    # A place's address is not a publication's, and the other way round.
    assert client.get(reverse("fediverse:actor", args=["publications", place.pk])).status_code == 404
    assert client.get(reverse("fediverse:actor", args=["places", east_news().pk])).status_code == 404
    assert client.get(reverse("fediverse:actor", args=["nonsense", place.pk])).status_code == 404

    outbox = client.get(place_path(place, "outbox")).json()
    assert outbox["totalItems"] == 1
    with django_assert_max_num_queries(10):
        page = client.get(place_path(place, "outbox"), {"page": 1}).json()
    [create] = page["orderedItems"]
    assert create["type"] == "Create"
    assert create["actor"] == actor_url
    article = create["object"]
    assert article["url"] == "http://testserver/kingstanding/kingstanding-east/east-news/east-bins/"
    assert article["attributedTo"] == actor_url
    assert {
        "type": "Hashtag",
        "name": "#bins",
        "href": "http://testserver/kingstanding/kingstanding-east/east-news/tags/bins/",
    } in article["tag"]


def test_following_a_place_delivers_posts_from_publications_in_places_below(
    client, fake, place, east, picture, django_capture_on_commit_callbacks
):
    document = client.get(place_path(place)).json()
    fake.publication_key_pem = document["publicKey"]["publicKeyPem"]

    response, follow_activity = follow(
        client, fake, place, django_capture_on_commit_callbacks, follow_id="place", kind="places"
    )
    assert response.status_code == 202
    assert Follower.objects.get().actor.page_id == place.pk
    [(path, accept, verified)] = fake.activities()
    assert verified
    assert accept["type"] == "Accept"
    assert accept["actor"] == document["id"]
    assert accept["object"]["id"] == follow_activity["id"]

    post = new_post(east_news(), picture, slug="east-bins", title="East bins")
    publish(post, django_capture_on_commit_callbacks)
    path, create, verified = fake.activities()[-1]
    assert path == "/inbox"
    assert verified, "signed with the place's key"
    assert create["type"] == "Create"
    assert create["actor"] == document["id"]
    assert create["object"]["url"] == "http://testserver/kingstanding/kingstanding-east/east-news/east-bins/"

    post.title = "East bins (corrected)"
    publish(post, django_capture_on_commit_callbacks)
    _path, update, verified = fake.activities()[-1]
    assert verified and update["type"] == "Update"

    with django_capture_on_commit_callbacks(execute=True):
        PostPage.objects.get(pk=post.pk).unpublish()
    _path, delete, verified = fake.activities()[-1]
    assert verified and delete["type"] == "Delete"
    assert delete["object"]["type"] == "Tombstone"
    assert len(fake.received) == 4, "Accept, Create, Update, Delete: the publication has no followers"


def test_place_page_shows_its_handle(client, place):
    response = client.get(place.url)
    html = response.content.decode()
    assert "@kingstanding@testserver" in html
    assert "<script" not in html.split("fediverse-follow", 1)[1].split("</section>", 1)[0]
    assert not response.cookies


def test_a_publication_keeps_a_handle_it_shares_with_a_place(client, place, home_page):
    """Slug clash on one host: the publication wins, and the place shows no handle."""
    perry_barr = home_page.add_child(instance=PlacePage(title="Perry Barr", slug="perry-barr"))
    perry_barr.add_child(
        instance=PublicationPage(
            title="Kingstanding Times", slug="kingstanding", kind=PublicationPage.Kind.BLOG
        )
    )
    finger = client.get("/.well-known/webfinger", {"resource": "acct:kingstanding@testserver"})
    times = PublicationPage.objects.get(slug="kingstanding")
    href = "http://testserver" + reverse("fediverse:actor", args=["publications", times.pk])
    assert {"rel": "self", "type": "application/activity+json", "href": href} in finger.json()["links"]
    assert "@kingstanding@testserver" not in client.get(place.url).content.decode()
