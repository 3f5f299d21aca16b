"""Adding, approving, pausing and resuming feeds in the admin; each town sees its own; OPML in and out."""

from io import StringIO

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page, Site

import pytest
from defusedxml.ElementTree import fromstring

from home.models import HomePage, PlacePage, Town
from planet.models import ExternalFeed, ExternalItem

pytestmark = pytest.mark.django_db
Status = ExternalFeed.Status


def url(name, *args):
    return reverse(f"planet_feeds:{name}", args=args)


@pytest.fixture
def towns(db):
    """Two towns on their own host names, each with a place, and an organiser for each."""
    from django.contrib.auth import get_user_model

    root = Page.get_first_root_node()
    network = root.add_child(instance=HomePage(title="Network", slug="network"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "network.example.org", "port": 80, "root_page": network}
    )
    cache.clear()
    made = {}
    for name in ("Walsall", "Dudley"):
        call_command(
            "add_town", name, name.lower(), "--hostname", f"{name.lower()}.example.org", stdout=StringIO()
        )
        town = Town.objects.get(slug=name.lower())
        place = town.root_page.add_child(instance=PlacePage(title=f"{name} centre", slug="centre"))
        organiser = get_user_model().objects.create_user(
            name.lower(), f"organiser@{name.lower()}.example.org", "pw"
        )
        organiser.groups.add(town.organisers)
        made[name] = (place, organiser)
    return made


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


def test_a_new_feed_waits_for_approval_before_it_is_read_or_shown(
    client, towns, admin_user, feed_server, django_capture_on_commit_callbacks
):
    place, organiser = towns["Walsall"]
    client.force_login(organiser)
    response = client.post(
        url("add"), {"place": place.pk, "url": feed_server.url("/rss"), "title": "St Mark's"}
    )
    assert response.status_code == 302
    feed = ExternalFeed.objects.get()
    assert (feed.status, feed.added_by, feed.place_id) == (Status.PENDING, organiser, place.pk)

    call_command("fetch_planet_feeds", stdout=StringIO())
    assert feed_server.requests == []  # nobody approved it: never read

    # Organisers may add feeds but not approve them.
    # (The admin turns a refusal into a redirect to the dashboard with a message.)
    assert client.get(url("approve", feed.pk)).status_code in (302, 403)
    assert client.post(url("approve", feed.pk)).status_code in (302, 403)
    feed.refresh_from_db()
    assert feed.status == Status.PENDING

    client.force_login(admin_user)
    listing = client.get(url("index")).content.decode()
    assert url("approve", feed.pk) in listing
    assert client.get(url("approve", feed.pk)).status_code == 200  # asks first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("approve", feed.pk))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.status, feed.approved_by) == (Status.APPROVED, admin_user)
    assert ExternalItem.objects.filter(feed=feed).count() == 2  # read at once


def test_a_changed_address_waits_for_approval_again(client, towns, feed_server):
    place, organiser = towns["Walsall"]
    feed = ExternalFeed.objects.create(place=place, url=feed_server.url("/rss"), status=Status.APPROVED)
    client.force_login(organiser)
    client.post(url("edit", feed.pk), {"place": place.pk, "url": feed_server.url("/atom"), "title": "Park"})
    feed.refresh_from_db()
    assert (feed.url, feed.status) == (feed_server.url("/atom"), Status.PENDING)


def test_a_paused_feed_can_be_resumed(
    client, towns, admin_user, feed_server, django_capture_on_commit_callbacks
):
    place, _organiser = towns["Walsall"]
    feed = ExternalFeed.objects.create(
        place=place, url=feed_server.url("/rss"), status=Status.PAUSED, consecutive_failures=40
    )
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("resume", feed.pk))
    feed.refresh_from_db()
    assert (feed.status, feed.consecutive_failures, feed.failing_since) == (Status.APPROVED, 0, None)
    assert ExternalItem.objects.filter(feed=feed).exists()
    client.post(url("pause", feed.pk))
    feed.refresh_from_db()
    assert feed.status == Status.PAUSED
    # Deleting a feed takes its posts with it.
    client.post(url("delete", feed.pk))
    assert not ExternalFeed.objects.exists() and not ExternalItem.objects.exists()


def test_flagged_feeds_are_shown_on_the_helpers_dashboard(client, towns, feed_server):
    from django.utils import timezone

    place, organiser = towns["Walsall"]
    ExternalFeed.objects.create(
        place=place,
        url=feed_server.url("/error"),
        title="Parish blog",
        added_by=organiser,
        status=Status.APPROVED,
        failing_since=timezone.now(),
        flagged_at=timezone.now(),
        last_error_kind=ExternalFeed.Failure.TIMEOUT,
    )
    client.force_login(organiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Feeds from elsewhere that cannot be read" in html and "Parish blog" in html
    _other_place, other_organiser = towns["Dudley"]
    client.force_login(other_organiser)
    assert "Parish blog" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_organiser_sees_only_their_own_towns_feeds(client, towns):
    walsall_place, walsall_organiser = towns["Walsall"]
    dudley_place, _ = towns["Dudley"]
    ours = ExternalFeed.objects.create(
        place=walsall_place, url="https://walsall.example.net/feed/", title="Ours"
    )
    theirs = ExternalFeed.objects.create(
        place=dudley_place, url="https://dudley.example.net/feed/", title="Theirs"
    )
    client.force_login(walsall_organiser)
    listing = client.get(url("index")).content.decode()
    assert "Ours" in listing and "Theirs" not in listing
    assert client.get(url("edit", ours.pk)).status_code == 200
    for name in ("edit", "delete", "inspect"):
        assert client.get(url(name, theirs.pk)).status_code in (302, 403)
    # Nor can they add a feed to the other town's place.
    form = client.get(url("add")).content.decode()
    assert "Walsall centre" in form and "Dudley centre" not in form
    client.post(url("add"), {"place": dudley_place.pk, "url": "https://sneaky.example.net/feed/"})
    assert not ExternalFeed.objects.filter(url="https://sneaky.example.net/feed/").exists()
    assert client.get(url("opml_export", dudley_place.pk)).status_code == 404


def test_surgery_helpers_may_suggest_feeds_for_any_place_but_not_approve_them(
    client, towns, django_user_model
):
    from handover.permissions import helpers_group

    helper = django_user_model.objects.create_user("volunteer", "volunteer@example.org", "pw")
    helper.groups.add(helpers_group())
    dudley_place, _ = towns["Dudley"]
    client.force_login(helper)
    form = client.get(url("add")).content.decode()
    assert "Walsall centre" in form and "Dudley centre" in form
    client.post(url("add"), {"place": dudley_place.pk, "url": "parish.example.net/feed/"})
    feed = ExternalFeed.objects.get()
    assert (feed.url, feed.status, feed.added_by) == (
        "https://parish.example.net/feed/",
        Status.PENDING,
        helper,
    )
    assert "parish.example.net" in client.get(url("index")).content.decode()
    client.post(url("approve", feed.pk))
    feed.refresh_from_db()
    assert feed.status == Status.PENDING


def test_opml_round_trip(client, towns, admin_user):
    walsall_place, _ = towns["Walsall"]
    dudley_place, _ = towns["Dudley"]
    ExternalFeed.objects.create(
        place=walsall_place,
        url="https://parish.example.net/feed/",
        title="St Mark's",
        site_link="https://parish.example.net/",
        status=Status.APPROVED,
    )
    ExternalFeed.objects.create(
        place=walsall_place, url="https://park.example.net/atom.xml", title="Kings Park"
    )
    client.force_login(admin_user)

    page = client.get(url("opml")).content.decode()
    assert "Import a list of feeds" in page
    assert f'href="{url("opml_export", walsall_place.pk)}"' in page  # only places with feeds
    assert url("opml_export", dudley_place.pk) not in page

    response = client.get(url("opml_export", walsall_place.pk))
    assert response["Content-Type"].startswith("text/x-opml")
    assert 'filename="walsall-centre-feeds.opml"' in response["Content-Disposition"]
    document = fromstring(response.content)
    outlines = {outline.get("xmlUrl"): outline.get("title") for outline in document.iter("outline")}
    assert outlines == {
        "https://parish.example.net/feed/": "St Mark's",
        "https://park.example.net/atom.xml": "Kings Park",
    }

    upload = SimpleUploadedFile("feeds.opml", response.content, "text/x-opml")
    result = client.post(url("opml"), {"place": dudley_place.pk, "file": upload})
    assert result.status_code == 200
    imported = ExternalFeed.objects.filter(place=dudley_place).order_by("title")
    assert [(feed.title, feed.url, feed.status, feed.added_by) for feed in imported] == [
        ("Kings Park", "https://park.example.net/atom.xml", Status.PENDING, admin_user),
        ("St Mark's", "https://parish.example.net/feed/", Status.PENDING, admin_user),
    ]
    assert imported.get(title="St Mark's").site_link == "https://parish.example.net/"

    # Importing the same list again adds nothing; bad entries are listed with the reason.
    again = response.content.replace(
        b"</body>",
        b'<outline text="Sneaky" xmlUrl="javascript:alert(1)"/><outline text="Empty" xmlUrl=""/></body>',
    )
    result = client.post(url("opml"), {"place": dudley_place.pk, "file": SimpleUploadedFile("f.opml", again)})
    html = result.content.decode()
    assert ExternalFeed.objects.filter(place=dudley_place).count() == 2
    assert "2 skipped: the place has them already." in html
    assert "Sneaky" in html and "The feed address is not an http or https web address." in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,url\nparish,https://parish.example.net/feed/", "not readable XML"),
        (b"<html><body>hello</body></html>", "it has no &lt;opml&gt; and &lt;body&gt;"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<opml><body><outline text="&b;" xmlUrl="https://x.example.net/"/></body></opml>',
            "This is not an OPML file",
        ),
    ],
)
def test_an_unreadable_opml_file_is_refused_with_a_message(client, towns, admin_user, content, message):
    place, _ = towns["Walsall"]
    client.force_login(admin_user)
    response = client.post(url("opml"), {"place": place.pk, "file": SimpleUploadedFile("f.opml", content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExternalFeed.objects.exists()


def test_every_feed_screen_opens(client, towns, admin_user):
    from django.utils import timezone

    place, _ = towns["Walsall"]
    feed = ExternalFeed.objects.create(
        place=place,
        url="https://parish.example.net/feed/",
        title="St Mark's",
        status=Status.APPROVED,
        failing_since=timezone.now(),
        last_error_kind=ExternalFeed.Failure.TOO_BIG,
        last_error="The feed is over the limit of 2,097,152 bytes",
    )
    client.force_login(admin_user)
    listing = client.get(url("index")).content.decode()
    assert "failing since" in listing and "The feed is bigger than the limit" in listing
    assert url("pause", feed.pk) in listing and url("opml") in listing
    for name in ("edit", "inspect", "delete", "pause"):
        assert client.get(url(name, feed.pk)).status_code == 200, name
    assert client.get(url("add")).status_code == 200
    assert client.get(url("opml")).status_code == 200
