"""Posting to (local stub) Mastodon and Bluesky servers when a post is published."""

import datetime
import io
import json
import logging

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from crossposting import services, tasks
from crossposting.models import Account, Crosspost
from newsletters import live
from newsletters.models import PostPage, PublicationPage

from .stub_servers import (
    BLUESKY_JWT,
    BLUESKY_PASSWORD,
    MASTODON_TOKEN,
    StubBluesky,
    StubMastodon,
    multipart_fields,
)

pytestmark = pytest.mark.django_db

POST_URL = "http://testserver/kingstanding/kingstanding-watch/bins/"


@pytest.fixture(autouse=True)
def local_servers_allowed(settings):
    settings.CROSSPOSTING_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def mastodon():
    server = StubMastodon()
    yield server
    server.stop()


@pytest.fixture
def bluesky():
    server = StubBluesky()
    yield server
    server.stop()


@pytest.fixture
def every_log(caplog):
    """Every log record at DEBUG, the HTTP libraries' included."""
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "crossposting", "django_tasks", "wagtail"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def assert_no_secret_logged(caplog):
    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for secret in (MASTODON_TOKEN, BLUESKY_PASSWORD, BLUESKY_JWT):
            assert secret not in text


@pytest.fixture
def publication(place):
    watch = PublicationPage(
        title="Kingstanding Watch", slug="kingstanding-watch", kind=PublicationPage.Kind.NEWSLETTER
    )
    place.add_child(instance=watch)
    return watch


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


def accounts_url(publication):
    return reverse("crossposting:accounts", args=[publication.pk])


def link_mastodon(client, publication, server, token=MASTODON_TOKEN):
    return client.post(
        accounts_url(publication),
        {"action": "mastodon", "mastodon-server": server.url, "mastodon-token": token},
    )


def link_bluesky(client, publication, server, password=BLUESKY_PASSWORD):
    return client.post(
        accounts_url(publication),
        {
            "action": "bluesky",
            "bluesky-handle": "watch.bsky.social",
            "bluesky-password": password,
            "bluesky-server": server.url,
        },
    )


def publish_new_post(publication, picture, capture, title="New bin days"):
    post = PostPage(
        title=title,
        slug="bins",
        date=datetime.date(2026, 3, 2),
        intro="<p>Blue bins move to Tuesday.</p>",
        lead_image=picture,
        live=False,
    )
    publication.add_child(instance=post)
    with capture(execute=True):
        post.save_revision().publish()
    return post


def test_publishing_a_post_sends_text_link_hashtag_and_image_with_alt(
    admin_client, publication, picture, mastodon, bluesky, every_log, django_capture_on_commit_callbacks
):
    assert link_mastodon(admin_client, publication, mastodon).status_code == 302
    assert link_bluesky(admin_client, publication, bluesky).status_code == 302
    screen = admin_client.get(accounts_url(publication)).content.decode()
    assert "@kingstandingwatch@127.0.0.1" in screen
    assert "watch.bsky.social" in screen
    assert MASTODON_TOKEN not in screen and BLUESKY_PASSWORD not in screen
    assert all(
        MASTODON_TOKEN not in a.encrypted_secret and BLUESKY_PASSWORD not in a.encrypted_secret
        for a in Account.objects.all()
    )

    post = publish_new_post(publication, picture, django_capture_on_commit_callbacks)

    [(media_headers, media_body)] = mastodon.posted("/api/v2/media")
    media = multipart_fields(media_headers["Content-Type"], media_body)
    assert media["description"] == "Houses on Kings Road."
    assert media["file"][:3] == b"\xff\xd8\xff", "the lead image, as a JPEG"
    [(_headers, status_body)] = mastodon.posted("/api/v1/statuses")
    status = json.loads(status_body)
    assert status["status"] == f"New bin days\n{POST_URL} #Kingstanding"
    assert status["media_ids"] == ["777"]

    [(_headers, blob)] = bluesky.posted("/xrpc/com.atproto.repo.uploadBlob")
    assert blob[:3] == b"\xff\xd8\xff"
    [(_headers, record_body)] = bluesky.posted("/xrpc/com.atproto.repo.createRecord")
    created = json.loads(record_body)
    assert created["repo"] == "did:plc:watch"
    assert created["collection"] == "app.bsky.feed.post"
    record = created["record"]
    text = record["text"]
    assert text == f"New bin days\n{POST_URL} #Kingstanding"
    link_facet, tag_facet = record["facets"]
    encoded = text.encode()
    assert link_facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": POST_URL}]
    assert encoded[link_facet["index"]["byteStart"] : link_facet["index"]["byteEnd"]] == POST_URL.encode()
    assert tag_facet["features"] == [{"$type": "app.bsky.richtext.facet#tag", "tag": "Kingstanding"}]
    assert encoded[tag_facet["index"]["byteStart"] : tag_facet["index"]["byteEnd"]] == b"#Kingstanding"
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert record["embed"]["images"][0]["alt"] == "Houses on Kings Road."
    assert record["embed"]["images"][0]["image"]["ref"] == {"$link": "bafkrei"}
    assert set(Crosspost.objects.values_list("status", flat=True)) == {Crosspost.Status.SENT}

    # Editing and publishing again is not news: nothing more is posted.
    sent = len(mastodon.requests), len(bluesky.requests)
    post.title = "New bin days (corrected)"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    Crosspost.objects.update(updated_at=minutes_ago(24 * 60))
    call_command("crossposting_housekeeping", verbosity=0)
    assert (len(mastodon.requests), len(bluesky.requests)) == sent

    screen = admin_client.get(accounts_url(publication)).content.decode()
    assert MASTODON_TOKEN not in screen and BLUESKY_PASSWORD not in screen
    assert_no_secret_logged(every_log)


def test_a_server_error_is_shown_then_retried_once(
    admin_client, publication, picture, mastodon, every_log, django_capture_on_commit_callbacks
):
    link_mastodon(admin_client, publication, mastodon)
    mastodon.fail = [(500, {"error": "Something went wrong on our end"})]
    post = publish_new_post(publication, picture, django_capture_on_commit_callbacks)

    row = Crosspost.objects.get()
    assert row.status == Crosspost.Status.RETRYING
    assert "Something went wrong on our end" in admin_client.get(accounts_url(publication)).content.decode()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]), follow=True).content.decode()
    assert "Posting to Mastodon failed and will be tried again: " in edit
    assert "Something went wrong on our end" in edit
    assert not mastodon.posted("/api/v1/statuses")

    # The test's task backend cannot defer a task: housekeeping sends it once its wait is over.
    call_command("crossposting_housekeeping", verbosity=0)  # 1 minute after the failure, plus 1 of grace
    assert not mastodon.posted("/api/v1/statuses")
    Crosspost.objects.update(updated_at=minutes_ago(3))
    out = io.StringIO()
    call_command("crossposting_housekeeping", stdout=out)
    assert "tried 1 overdue retry(ies) again" in out.getvalue()
    Crosspost.objects.update(updated_at=minutes_ago(24 * 60))
    call_command("crossposting_housekeeping", verbosity=0)
    row.refresh_from_db()
    assert row.status == Crosspost.Status.SENT
    assert row.error == ""
    assert len(mastodon.posted("/api/v1/statuses")) == 1, "posted once, never twice"
    assert "Something went wrong" not in admin_client.get(accounts_url(publication)).content.decode()
    assert_no_secret_logged(every_log)


def test_a_refused_token_shows_the_services_message_and_is_not_retried(
    admin_client, publication, picture, mastodon, bluesky, every_log, django_capture_on_commit_callbacks
):
    response = link_mastodon(admin_client, publication, mastodon, token="wrong-token")
    assert response.status_code == 400
    assert "The access token is invalid" in response.content.decode()
    response = link_bluesky(admin_client, publication, bluesky, password="wrong-password")
    assert response.status_code == 400
    assert "Invalid identifier or password" in response.content.decode()
    assert not Account.objects.exists()

    link_mastodon(admin_client, publication, mastodon)
    mastodon.fail = [(401, {"error": "The access token was revoked"})]
    publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    row = Crosspost.objects.get()
    assert row.status == Crosspost.Status.FAILED
    assert "The access token was revoked" in admin_client.get(accounts_url(publication)).content.decode()
    Crosspost.objects.update(updated_at=minutes_ago(24 * 60))
    out = io.StringIO()
    call_command("crossposting_housekeeping", stdout=out)
    assert "tried 0 overdue retry(ies) again" in out.getvalue()
    assert not mastodon.posted("/api/v1/statuses")
    assert_no_secret_logged(every_log)


def test_unlinking_deletes_the_stored_secret(admin_client, publication, mastodon, bluesky):
    link_mastodon(admin_client, publication, mastodon)
    link_bluesky(admin_client, publication, bluesky)
    response = admin_client.post(accounts_url(publication), {"action": "unlink", "service": "mastodon"})
    assert response.status_code == 302
    assert list(Account.objects.values_list("service", flat=True)) == ["bluesky"]
    admin_client.post(accounts_url(publication), {"action": "unlink", "service": "bluesky"})
    assert not Account.objects.exists()
    screen = admin_client.get(accounts_url(publication)).content.decode()
    assert "Link the Mastodon account" in screen and "Link the Bluesky account" in screen


def test_an_editor_of_another_publication_is_refused(client, django_user_model, place, publication, mastodon):
    other = place.add_child(instance=PublicationPage(title="Centre news", slug="centre-news", kind="blog"))
    user = django_user_model.objects.create_user("eve", "eve@example.org", "pw")
    group = Group.objects.create(name="Centre editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=other, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    client.force_login(user)

    assert client.get(accounts_url(other)).status_code == 200
    # Wagtail's admin answers a refusal by sending the person back to the dashboard.
    refused = client.get(accounts_url(publication))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    refused = link_mastodon(client, publication, mastodon)
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    assert not Account.objects.exists()
    assert not mastodon.requests
    header = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).content.decode()
    assert accounts_url(other) in header


def test_live_updates_are_posted_and_the_publication_shows_plain_follow_links(
    admin_client, client, publication, picture, mastodon, django_capture_on_commit_callbacks
):
    link_mastodon(admin_client, publication, mastodon)
    post = publish_new_post(publication, picture, django_capture_on_commit_callbacks, title="Council meeting")
    post.coverage = PostPage.Coverage.LIVE
    post.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        live.publish_update(post, "The budget passed, 7 votes to 4.", None)
    statuses = [json.loads(body)["status"] for _headers, body in mastodon.posted("/api/v1/statuses")]
    assert statuses[-1] == f"The budget passed, 7 votes to 4.\n{POST_URL} #Kingstanding"
    assert len(statuses) == 2

    client.logout()
    page = client.get(publication.url)
    html = page.content.decode()
    assert f'href="{mastodon.url}/@kingstandingwatch"' in html
    assert "@kingstandingwatch@127.0.0.1 on Mastodon" in html
    assert not page.cookies


def test_a_post_made_private_before_its_turn_is_not_posted(
    admin_client, publication, picture, mastodon, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    link_mastodon(admin_client, publication, mastodon)
    PageViewRestriction.objects.create(page=publication, restriction_type="login")
    publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    row = Crosspost.objects.get()
    assert row.status == Crosspost.Status.FAILED
    assert "no longer public" in admin_client.get(accounts_url(publication)).content.decode()
    assert not mastodon.posted("/api/v1/statuses")


def test_unlinking_an_account_that_is_not_linked_says_so(admin_client, publication, mastodon):
    link_mastodon(admin_client, publication, mastodon)
    response = admin_client.post(
        accounts_url(publication), {"action": "unlink", "service": "bluesky"}, follow=True
    )
    assert response.status_code == 200
    assert "No Bluesky account was linked, so there was nothing to unlink." in response.content.decode()
    assert list(Account.objects.values_list("service", flat=True)) == ["mastodon"]


@pytest.mark.parametrize(
    "form",
    [{"action": "friendica"}, {"action": "unlink", "service": "friendica"}, {}],
    ids=["unknown action", "unknown service", "no action"],
)
def test_a_form_the_screen_does_not_know_is_refused_with_a_message(admin_client, publication, mastodon, form):
    link_mastodon(admin_client, publication, mastodon)
    response = admin_client.post(accounts_url(publication), form)
    assert response.status_code == 400
    assert "That form is not one of this screen&#x27;s. Nothing was changed." in response.content.decode()
    assert list(Account.objects.values_list("service", flat=True)) == ["mastodon"]


def minutes_ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def test_a_worker_stopped_after_posting_leaves_a_failed_row_the_editor_can_post_again_once(
    admin_client,
    publication,
    picture,
    mastodon,
    bluesky,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.CROSSPOSTING_SENDING_TIMEOUT = 600
    link_mastodon(admin_client, publication, mastodon)
    link_bluesky(admin_client, publication, bluesky)

    def posted_then_database_gone(post_to):
        def post(*args, **kwargs):
            post_to(*args, **kwargs)
            raise OperationalError("server closed the connection unexpectedly")

        return post

    monkeypatch.setattr(services, "mastodon_post", posted_then_database_gone(services.mastodon_post))
    monkeypatch.setattr(services, "bluesky_post", posted_then_database_gone(services.bluesky_post))
    post = publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    assert len(mastodon.posted("/api/v1/statuses")) == 1
    assert set(Crosspost.objects.values_list("status", flat=True)) == {Crosspost.Status.SENDING}

    # Within the timeout the worker may still be at it: nothing changes.
    call_command("crossposting_housekeeping", verbosity=0)
    assert set(Crosspost.objects.values_list("status", flat=True)) == {Crosspost.Status.SENDING}
    # The Mastodon row has been "sending" for 11 minutes, the Bluesky row for 2.
    Crosspost.objects.filter(account__service="mastodon").update(updated_at=minutes_ago(11))
    Crosspost.objects.filter(account__service="bluesky").update(updated_at=minutes_ago(2))
    out = io.StringIO()
    call_command("crossposting_housekeeping", stdout=out)
    assert "Marked 1 interrupted post(s) as failed" in out.getvalue()
    stopped = Crosspost.objects.get(account__service="mastodon")
    assert stopped.status == Crosspost.Status.FAILED
    assert Crosspost.objects.get(account__service="bluesky").status == Crosspost.Status.SENDING
    assert len(mastodon.posted("/api/v1/statuses")) == 1, "never sent again unasked"

    screen = admin_client.get(accounts_url(publication)).content.decode()
    assert "Posting stopped part-way, so this may or may not have been posted." in screen
    assert screen.count('name="action" value="repost"') == 1
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]), follow=True).content.decode()
    assert "Posting to Mastodon failed: Posting stopped part-way" in edit

    # The editor looked, found nothing, and asks for it again: it goes out once more, once.
    repost = {"action": "repost", "crosspost": stopped.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(accounts_url(publication), repost, follow=True)
    assert "New bin days will be posted to Mastodon again." in response.content.decode()
    stopped.refresh_from_db()
    assert (stopped.status, stopped.error, stopped.attempts) == (Crosspost.Status.SENT, "", 1)
    assert len(mastodon.posted("/api/v1/statuses")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(accounts_url(publication), repost, follow=True)
    assert (
        "New bin days is no longer marked failed on Mastodon, so nothing was changed."
        in response.content.decode()
    )
    assert len(mastodon.posted("/api/v1/statuses")) == 2


def test_an_unexpected_error_while_posting_ends_as_failed_not_sending(
    admin_client, publication, picture, mastodon, monkeypatch, django_capture_on_commit_callbacks
):
    link_mastodon(admin_client, publication, mastodon)

    def unexpected(*args, **kwargs):
        raise KeyError("id")  # say, an answer of a shape nobody expected

    monkeypatch.setattr(services, "mastodon_post", unexpected)
    publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    row = Crosspost.objects.get()
    assert row.status == Crosspost.Status.FAILED
    assert row.error.startswith("Posting stopped part-way")


def test_an_error_before_anything_was_sent_says_nothing_was_posted(
    admin_client, publication, picture, mastodon, django_capture_on_commit_callbacks
):
    link_mastodon(admin_client, publication, mastodon)
    picture.file.storage.delete(picture.file.name)  # the picture's file went missing from storage
    publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    row = Crosspost.objects.get()
    assert row.status == Crosspost.Status.FAILED
    assert not mastodon.posted("/api/v2/media") and not mastodon.posted("/api/v1/statuses")
    screen = admin_client.get(accounts_url(publication)).content.decode()
    assert "Something went wrong while the post was being prepared, so nothing was posted." in screen
    assert "may or may not" not in screen
    assert screen.count('name="action" value="repost"') == 1


class SlowQueue:
    """A task backend whose worker has not got round to anything yet: it only keeps what it is given."""

    def __init__(self):
        self.given = []

    def enqueue(self, crosspost_id):
        self.given.append(crosspost_id)


def test_a_lost_retry_is_handed_to_a_slow_queue_once_per_wait_not_every_minute(
    admin_client, publication, picture, mastodon, monkeypatch, django_capture_on_commit_callbacks
):
    link_mastodon(admin_client, publication, mastodon)
    mastodon.fail = [(503, {"error": "Down for maintenance"})]
    publish_new_post(publication, picture, django_capture_on_commit_callbacks)
    row = Crosspost.objects.get()
    assert (row.status, row.attempts) == (Crosspost.Status.RETRYING, 1)

    queue = SlowQueue()
    monkeypatch.setattr(tasks, "send_crosspost", queue)
    Crosspost.objects.update(updated_at=minutes_ago(3))  # the 1-minute wait and the minute's grace are over
    for _minute in range(3):
        call_command("crossposting_housekeeping", verbosity=0)
    assert queue.given == [row.pk]
    Crosspost.objects.update(updated_at=minutes_ago(3))  # the queue still has not reached it
    call_command("crossposting_housekeeping", verbosity=0)
    assert queue.given == [row.pk, row.pk]
    row.refresh_from_db()
    assert row.status == Crosspost.Status.RETRYING and not mastodon.posted("/api/v1/statuses")


@pytest.mark.parametrize(
    "row_id", ["other", "", "x", "9" * 30], ids=["another publication's", "none", "not a number", "too big"]
)
def test_post_again_finds_only_this_publications_rows(
    admin_client, place, publication, picture, mastodon, row_id, django_capture_on_commit_callbacks
):
    other = place.add_child(instance=PublicationPage(title="Centre news", slug="centre-news", kind="blog"))
    link_mastodon(admin_client, other, mastodon)
    mastodon.fail = [(401, {"error": "The access token was revoked"})]
    publish_new_post(other, picture, django_capture_on_commit_callbacks)
    theirs = Crosspost.objects.get()
    assert theirs.status == Crosspost.Status.FAILED
    if row_id == "other":
        row_id = theirs.pk
    response = admin_client.post(accounts_url(publication), {"action": "repost", "crosspost": row_id})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Crosspost.Status.FAILED


def test_housekeeping_takes_every_overdue_retry_once_in_a_few_queries(
    publication, django_assert_max_num_queries
):
    """However many retries are overdue, taking them costs the same few queries, and a run a
    moment later (the queue not yet at them) does not hand them out again."""
    post = PostPage(title="Bins", slug="bins", date=datetime.date(2026, 11, 2))
    publication.add_child(instance=post)
    account = Account.objects.create(
        publication=publication,
        service=Account.Service.MASTODON,
        server="https://m.example",
        encrypted_secret="x",
    )
    rows = Crosspost.objects.bulk_create(
        Crosspost(
            account=account,
            post=post,
            source=f"live-{n}",
            status=Crosspost.Status.RETRYING,
            attempts=n % 3 + 1,
        )
        for n in range(30)
    )
    # 1, 4 and 16 minutes of back-off after 1, 2 and 3 attempts, plus 1 of grace: after 10 minutes
    # the rows tried once or twice are due, the rows tried three times are not.
    Crosspost.objects.update(updated_at=minutes_ago(10))
    due = {row.pk for row in rows if row.attempts < 3}

    with django_assert_max_num_queries(5):
        assert set(tasks.due_again()) == due
    assert tasks.due_again() == [], "taken once, not again a minute later"
    waiting = Crosspost.objects.filter(pk__in=due).values_list("updated_at", flat=True)
    assert all(stamped > minutes_ago(1) for stamped in waiting), "each taken row is stamped"
