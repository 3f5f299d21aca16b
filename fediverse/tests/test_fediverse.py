"""A publication followed from a (fake, local) fediverse server: follow, accept, create, update, delete."""

import datetime
import importlib
import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page, Site

import pytest

from fediverse.models import Actor, Follower
from fediverse.tasks import deliver
from newsletters.models import PostPage, PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(place):
    watch = PublicationPage(
        title="Kingstanding Watch",
        slug="kingstanding-nw",
        kind=PublicationPage.Kind.NEWSLETTER,
        intro="<p>Monthly news from the Watch.</p>",
    )
    place.add_child(instance=watch)
    return watch


def new_post(publication, picture, slug="bins", title="New bin days"):
    post = PostPage(
        title=title,
        slug=slug,
        date=datetime.date(2026, 3, 2),
        intro="<p>Blue bins move to Tuesday.</p>",
        lead_image=picture,
        body=[("paragraph", '<p>Read <a href="/kingstanding/">more</a>.</p><script>alert(1)</script>')],
        live=False,
    )
    post.tags.add("bins")
    publication.add_child(instance=post)
    return post


def publish(post, capture):
    with capture(execute=True):
        post.save_revision().publish()


def actor_path(publication, name="actor", kind="publications"):
    return reverse(f"fediverse:{name}", args=[kind, publication.pk])


def follow(client, fake, publication, capture, follow_id="1", kind="publications"):
    """alice follows the publication (or place: ``kind``), signing her Follow as Mastodon does."""
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{fake.actor_id}/follows/{follow_id}",
        "type": "Follow",
        "actor": fake.actor_id,
        "object": "http://testserver" + actor_path(publication, kind=kind),
    }
    body = json.dumps(activity).encode()
    path = actor_path(publication, "inbox", kind=kind)
    with capture(execute=True):
        response = client.post(
            path, data=body, content_type="application/activity+json", **fake.signed(path, body)
        )
    return response, activity


def test_follow_is_accepted_then_posts_are_created_updated_and_deleted(
    client, fake, publication, picture, django_capture_on_commit_callbacks
):
    document = client.get(actor_path(publication)).json()
    fake.publication_key_pem = document["publicKey"]["publicKeyPem"]

    response, follow_activity = follow(client, fake, publication, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    assert not response.cookies
    follower = Follower.objects.get()
    assert (follower.account, follower.inbox, follower.shared_inbox) == (
        fake.actor_id,
        f"{fake.actor_id}/inbox",
        f"{fake.base}/inbox",
    )
    assert fake.fetches and all(signed for _path, signed in fake.fetches), "reading alice is a signed GET"
    [(path, accept, verified)] = fake.activities()
    assert path == "/users/alice/inbox"
    assert verified, "the Accept is signed with the key in the actor document"
    assert accept["type"] == "Accept"
    assert accept["actor"] == document["id"]
    assert accept["object"]["id"] == follow_activity["id"]

    post = new_post(publication, picture)
    publish(post, django_capture_on_commit_callbacks)
    path, create, verified = fake.activities()[-1]
    assert path == "/inbox", "delivered once to the server's shared inbox"
    assert verified
    assert create["type"] == "Create"
    article = create["object"]
    assert article["type"] == "Article"
    assert article["id"] == article["url"] == "http://testserver/kingstanding/kingstanding-nw/bins/"
    assert article["attributedTo"] == document["id"]
    assert article["published"]
    assert 'href="http://testserver/kingstanding/"' in article["content"]
    assert "<script" not in article["content"]
    [image] = article["attachment"]
    assert image["url"].startswith("http://testserver/")
    assert image["name"] == "Houses on Kings Road."
    assert {
        "type": "Hashtag",
        "name": "#bins",
        "href": "http://testserver/kingstanding/kingstanding-nw/tags/bins/",
    } in article["tag"]

    post.title = "New bin days (corrected)"
    publish(post, django_capture_on_commit_callbacks)
    _path, update, verified = fake.activities()[-1]
    assert verified
    assert update["type"] == "Update"
    assert update["object"]["name"] == "New bin days (corrected)"

    with django_capture_on_commit_callbacks(execute=True):
        PostPage.objects.get(pk=post.pk).unpublish()
    _path, delete, verified = fake.activities()[-1]
    assert verified
    assert delete["type"] == "Delete"
    assert delete["object"] == {"id": article["id"], "type": "Tombstone"}
    assert len(fake.received) == 4


def test_deleting_a_published_post_sends_delete(
    client, fake, publication, picture, django_capture_on_commit_callbacks
):
    fake.publication_key_pem = client.get(actor_path(publication)).json()["publicKey"]["publicKeyPem"]
    follow(client, fake, publication, django_capture_on_commit_callbacks)
    post = new_post(publication, picture)
    publish(post, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=post.pk).delete()
    _path, delete, verified = fake.activities()[-1]
    assert verified
    assert delete["type"] == "Delete"
    assert delete["object"]["id"] == "http://testserver/kingstanding/kingstanding-nw/bins/"


def test_undo_follow_stops_deliveries(client, fake, publication, picture, django_capture_on_commit_callbacks):
    from cryptography.hazmat.primitives.asymmetric import rsa

    follow_response, follow_activity = follow(client, fake, publication, django_capture_on_commit_callbacks)
    assert follow_response.status_code == 202
    # alice's server has changed her key since the publication read it: it is read again, not refused.
    fake.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    undo = {
        "id": f"{fake.actor_id}/undo/1",
        "type": "Undo",
        "actor": fake.actor_id,
        "object": follow_activity,
    }
    body = json.dumps(undo).encode()
    path = actor_path(publication, "inbox")
    response = client.post(
        path, data=body, content_type="application/activity+json", **fake.signed(path, body)
    )
    assert response.status_code == 202
    assert not Follower.objects.exists()
    received = len(fake.received)
    publish(new_post(publication, picture), django_capture_on_commit_callbacks)
    assert len(fake.received) == received


def test_forged_unsigned_and_tampered_follows_are_refused(
    client, fake, publication, django_capture_on_commit_callbacks
):
    from cryptography.hazmat.primitives.asymmetric import rsa

    path = actor_path(publication, "inbox")
    activity = {
        "id": f"{fake.actor_id}/follows/9",
        "type": "Follow",
        "actor": fake.actor_id,
        "object": "http://testserver" + actor_path(publication),
    }
    body = json.dumps(activity).encode()
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signed = fake.signed(path, body)
    refused = [
        # unsigned
        client.post(path, data=body, content_type="application/activity+json"),
        # signed with another key in alice's name
        client.post(
            path, data=body, content_type="application/activity+json", **fake.signed(path, body, key=impostor)
        ),
        # a good signature on a body changed on the way
        client.post(path, data=body.replace(b"9", b"8"), content_type="application/activity+json", **signed),
        # signed for another publication's inbox
        client.post(
            path, data=body, content_type="application/activity+json", **fake.signed("/elsewhere", body)
        ),
        # alice signs, but the activity speaks for someone else
        client.post(
            path,
            data=(other := json.dumps({**activity, "actor": "http://127.0.0.1:1/users/bob"}).encode()),
            content_type="application/activity+json",
            **fake.signed(path, other),
        ),
    ]
    assert [response.status_code for response in refused] == [401] * 5
    assert not Follower.objects.exists()
    assert fake.received == []


def test_a_cross_site_browser_post_is_still_judged_by_its_signature(
    client, fake, publication, django_capture_on_commit_callbacks
):
    path = actor_path(publication, "inbox")
    response = client.post(
        path,
        data=b"{}",
        content_type="application/activity+json",
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 401


def test_a_dead_inbox_is_retried_then_dropped(
    client, fake, publication, picture, settings, django_capture_on_commit_callbacks
):
    settings.FEDIVERSE_MAX_FAILURES = 3
    follow(client, fake, publication, django_capture_on_commit_callbacks)
    fake.inbox_status = 500
    post = new_post(publication, picture)
    publish(post, django_capture_on_commit_callbacks)
    follower = Follower.objects.get()
    assert follower.failures == 1
    create = fake.activities()[-1][1]

    # What the worker does when the retry falls due (the immediate test backend cannot wait).
    assert deliver.call(follower.actor_id, follower.delivery_inbox, create) == "retry"
    assert Follower.objects.get().failures == 2
    assert deliver.call(follower.actor_id, follower.delivery_inbox, create) == "dropped"
    assert not Follower.objects.exists()
    assert [path for path, _activity, _verified in fake.activities()].count("/inbox") == 3


def test_a_failed_delivery_is_queued_again_later(
    client, fake, publication, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    follow(client, fake, publication, django_capture_on_commit_callbacks)
    follower = Follower.objects.get()
    fake.inbox_status = 503
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    activity = {"id": "x", "type": "Create", "object": {}}
    assert deliver.call(follower.actor_id, follower.delivery_inbox, activity) == "retry"
    [queued] = default_task_backend.results
    assert queued.args == [follower.actor_id, follower.delivery_inbox, activity]
    assert queued.task.run_after > datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30)
    # A delivery that works again resets the count.
    fake.inbox_status = 202
    assert deliver.call(follower.actor_id, follower.delivery_inbox, activity) == "delivered"
    assert Follower.objects.get().failures == 0


def test_webfinger_actor_and_outbox(
    client, publication, picture, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for number in range(3):
        publish(
            new_post(publication, picture, slug=f"post-{number}", title=f"Post {number}"),
            django_capture_on_commit_callbacks,
        )

    finger = client.get("/.well-known/webfinger", {"resource": "acct:kingstanding-nw@testserver"})
    assert finger.status_code == 200
    assert finger["Content-Type"].startswith("application/jrd+json")
    actor_url = "http://testserver" + actor_path(publication)
    assert {"rel": "self", "type": "application/activity+json", "href": actor_url} in finger.json()["links"]
    assert client.get("/.well-known/webfinger", {"resource": "acct:nobody@testserver"}).status_code == 404
    assert client.get("/.well-known/webfinger", {"resource": "kingstanding-nw"}).status_code == 400

    response = client.get(actor_path(publication))
    assert response["Content-Type"].startswith("application/activity+json")
    assert "PRIVATE KEY" not in response.content.decode()
    document = response.json()
    assert document["id"] == actor_url
    assert document["type"] == "Service"
    assert document["preferredUsername"] == "kingstanding-nw"
    assert document["name"] == "Kingstanding Watch"
    assert document["url"] == "http://testserver/kingstanding/kingstanding-nw/"
    assert "not read" in document["summary"]
    assert document["inbox"] == actor_url + "inbox"
    assert document["publicKey"]["id"] == actor_url + "#main-key"
    assert document["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    # The key is made once and kept.
    assert client.get(actor_path(publication)).json()["publicKey"] == document["publicKey"]

    outbox = client.get(document["outbox"].removeprefix("http://testserver")).json()
    assert outbox["type"] == "OrderedCollection"
    assert outbox["totalItems"] == 3
    with django_assert_max_num_queries(25):
        page = client.get(outbox["first"].removeprefix("http://testserver")).json()
    articles = [item["object"] for item in page["orderedItems"]]
    assert {article["name"] for article in articles} == {"Post 0", "Post 1", "Post 2"}
    for article in articles:
        assert article["url"].startswith("http://testserver/kingstanding/kingstanding-nw/post-")
        assert article["attachment"][0]["url"].startswith("http://testserver/")
        assert article["attachment"][0]["name"] == "Houses on Kings Road."
    assert client.get(actor_path(publication, "outbox"), {"page": 9}).status_code == 404


@pytest.fixture
def town_publication(db):
    from home.models import HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Other Town", slug="other-town"))
    Site.objects.create(hostname="town.example", port=80, root_page=home)
    news = PublicationPage(title="Town news", slug="town-news", kind=PublicationPage.Kind.BLOG)
    home.add_child(instance=news)
    return news


def test_a_publication_in_another_town_lives_on_that_towns_host(client, home_page, town_publication):
    finger = client.get(
        "/.well-known/webfinger", {"resource": "acct:town-news@town.example"}, HTTP_HOST="town.example"
    )
    assert finger.status_code == 200
    actor_url = "http://town.example" + actor_path(town_publication)
    assert finger.json()["links"][0]["href"] == actor_url
    document = client.get(actor_path(town_publication), HTTP_HOST="town.example").json()
    assert document["id"] == actor_url
    assert document["url"] == "http://town.example/town-news/"
    assert client.get("/.well-known/webfinger", {"resource": "acct:town-news@testserver"}).status_code == 404
    assert client.get(actor_path(town_publication)).status_code == 404
    page = client.get("/town-news/", HTTP_HOST="town.example")
    assert "@town-news@town.example" in page.content.decode()


def test_publication_page_shows_the_handle_as_plain_text(client, publication):
    response = client.get(publication.url)
    html = response.content.decode()
    assert "@kingstanding-nw@testserver" in html
    assert not response.cookies
    assert "<script" not in html.split('class="fediverse-follow"', 1)[1].split("</section>", 1)[0]


def test_follower_count_beside_subscribers(client, fake, publication, django_capture_on_commit_callbacks):
    follow(client, fake, publication, django_capture_on_commit_callbacks)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    response = client.get(reverse("subscriptions_subscribers:newsletter", args=[publication.pk]))
    html = response.content.decode()
    assert "Fediverse followers" in html
    assert "<td>1</td>" in html


def test_the_signing_key_is_stored_encrypted_and_kept_out_of_dumps(
    client, fake, publication, django_capture_on_commit_callbacks
):
    document = client.get(actor_path(publication)).json()
    fake.publication_key_pem = document["publicKey"]["publicKeyPem"]
    stored = Actor.objects.get().encrypted_private_key
    assert "PRIVATE KEY" not in stored
    dump = io.StringIO()
    call_command("dumpdata", "fediverse", stdout=dump)
    assert "PRIVATE KEY" not in dump.getvalue() and stored in dump.getvalue()

    response, _follow = follow(client, fake, publication, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    [(_path, accept, verified)] = fake.activities()
    assert accept["type"] == "Accept" and verified, "signed with the key as it was made"


def test_a_changed_vault_key_gives_the_publication_a_new_key_pair_once(
    client, fake, publication, picture, settings, caplog, django_capture_on_commit_callbacks
):
    old_document = client.get(actor_path(publication)).json()
    fake.publication_key_pem = old_document["publicKey"]["publicKeyPem"]
    follow(client, fake, publication, django_capture_on_commit_callbacks)

    settings.FEDIVERSE_KEY = "a new key after a leak"
    post = new_post(publication, picture)
    publish(post, django_capture_on_commit_callbacks)
    _path, create, verified = fake.activities()[-1]
    assert create["type"] == "Create"
    assert not verified, "signed with a new key the follower's server has not read yet"
    assert [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()] == [
        f"The signing key of page {publication.pk} cannot be read (FEDIVERSE_KEY or SECRET_KEY "
        "changed): it gets a new key pair"
    ]

    # The follower's server reads the actor again, as Mastodon does when a signature fails.
    new_document = client.get(actor_path(publication)).json()
    assert new_document["publicKey"]["publicKeyPem"] != old_document["publicKey"]["publicKeyPem"]
    fake.publication_key_pem = new_document["publicKey"]["publicKeyPem"]
    post.title = "New bin days (corrected)"
    publish(post, django_capture_on_commit_callbacks)
    _path, update, verified = fake.activities()[-1]
    assert update["type"] == "Update" and verified
    assert len([r for r in caplog.records if "cannot be read" in r.getMessage()]) == 1, "made once, then kept"


def test_keys_stored_before_encryption_are_encrypted_in_place(publication):
    from django.apps import apps

    from fediverse import activities, vault
    from fediverse.signatures import new_key_pair

    migration = importlib.import_module("fediverse.migrations.0003_private_keys_encrypted")
    private, public = new_key_pair()
    actor = Actor.objects.create(page=publication, encrypted_private_key=private, public_key_pem=public)
    migration.encrypt_keys(apps, None)
    migration.encrypt_keys(apps, None)  # run twice: encrypted once
    actor.refresh_from_db()
    assert vault.decrypt(actor.encrypted_private_key) == private
    assert activities.signing_key(actor) == private and actor.public_key_pem == public
    migration.decrypt_keys(apps, None)
    actor.refresh_from_db()
    assert actor.encrypted_private_key == private
