"""Place digests: what a draft holds, when it is drafted and sent, an empty week, holding it,
and the sign-up box on the place page."""

import datetime
import io
import zoneinfo

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home import digests as home_digests
from home.models import CommunityCentrePage, OpeningHoursException, PlacePage
from newsletters import digests
from newsletters.models import DigestIssue, PostPage, PublicationPage
from planet.models import ExternalFeed, ExternalItem
from surgeries.models import SurgeryPage

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def make_digest(place, **fields):
    digest = PublicationPage(
        title="Kingstanding digest", slug="digest", kind=PublicationPage.Kind.DIGEST, **fields
    )
    place.add_child(instance=digest)
    return digest


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add_post(publication, title, published_at, *, live=True, intro="<p>What happened.</p>"):
    post = PostPage(title=title, date=published_at.date(), intro=intro, live=False)
    publication.add_child(instance=post)
    if live:
        post = publish(post)
        PostPage.objects.filter(pk=post.pk).update(first_published_at=published_at)
    return post


def add_surgery(parent, title, starts_at, **fields):
    surgery = SurgeryPage(
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        venue_address="Kingstanding Library\nKingstanding Road",
        **fields,
    )
    parent.add_child(instance=surgery)
    return publish(surgery)


@pytest.fixture
def digest(place):
    return make_digest(place)


@pytest.fixture
def moment(digest):
    """The next send time a few days from now, and a "now" just after its issue is due to be drafted."""
    send_at = digests.next_send_at(digest, timezone.now() + datetime.timedelta(days=3))
    return send_at, send_at - digests.DRAFT_LEAD + datetime.timedelta(hours=1)


@pytest.fixture
def town(home_page, place, digest, moment):
    """Posts, surgeries and a centre in Kingstanding and a place below it, and things that must stay out."""
    send_at, now = moment
    this_week = now - datetime.timedelta(days=2)
    watch = PublicationPage(title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER)
    place.add_child(instance=watch)
    east = place.add_child(instance=PlacePage(title="Kingstanding East", slug="east"))
    blog = PublicationPage(title="East Allotments", slug="allotments", kind=PublicationPage.Kind.BLOG)
    east.add_child(instance=blog)
    erdington = home_page.add_child(instance=PlacePage(title="Erdington", slug="erdington"))
    elsewhere = PublicationPage(title="Erdington News", slug="news", kind=PublicationPage.Kind.NEWSLETTER)
    erdington.add_child(instance=elsewhere)

    add_post(watch, "New bins from April", this_week, intro="<p>Brown bins every other Tuesday.</p>")
    add_post(blog, "Leeks are in", this_week + datetime.timedelta(hours=3))
    add_post(watch, "Last week's news", now - datetime.timedelta(days=9))  # the previous issue had it
    add_post(watch, "Not finished yet", this_week, live=False)
    private = add_post(watch, "Members only", this_week)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.GROUPS).groups.add(
        Group.objects.get_or_create(name="Members")[0]
    )
    add_post(elsewhere, "Erdington fete", this_week)
    old_issue = add_post(digest, "An earlier digest", this_week)

    parish = ExternalFeed.objects.create(
        place=east, url="https://parish.example.org/feed/", title="St Mark's parish", status="approved"
    )
    ExternalItem.objects.create(
        feed=parish,
        guid="harvest",
        title="Harvest supper",
        link="https://parish.example.org/harvest/",
        published=this_week,
        excerpt="Bring a dish to share.",
    )
    ExternalItem.objects.create(
        feed=parish, guid="old", title="Summer fete", link="https://parish.example.org/fete/", published=now
    )  # after drafting: the next issue's
    waiting = ExternalFeed.objects.create(
        place=place, url="https://new.example.org/feed/", title="Not approved"
    )
    ExternalItem.objects.create(
        feed=waiting,
        guid="x",
        title="Unapproved post",
        link="https://new.example.org/x/",
        published=this_week,
    )

    add_surgery(place, "Phones and tablets help", send_at + datetime.timedelta(days=2))
    add_surgery(east, "Facebook for groups", send_at + datetime.timedelta(days=1))
    add_surgery(place, "Far ahead", send_at + datetime.timedelta(days=9))
    add_surgery(erdington, "Erdington surgery", send_at + datetime.timedelta(days=2))
    centre = CommunityCentrePage(
        title="Kingstanding Community Centre",
        slug="centre",
        address="Kingstanding Circle",
        postcode="B44 9QH",
    )
    east.add_child(instance=centre)
    OpeningHoursException.objects.create(
        page=centre,
        starts_on=timezone.localtime(send_at).date() + datetime.timedelta(days=3),
        reason="Quiz night",
        closed=False,
        opens=datetime.time(18, 0),
        closes=datetime.time(22, 0),
    )
    return {"watch": watch, "old_issue": old_issue}


def items(post):
    return [
        (block.value["kind"], block.value["title"])
        for block in post.body
        if block.block_type == "digest_item"
    ]


def test_draft_holds_the_weeks_posts_surgeries_and_centre_events_of_the_place_and_below(town, digest, moment):
    send_at, now = moment
    run = home_digests.run_digests(now)

    assert len(run.drafted) == 1 and not run.sent
    issue = DigestIssue.objects.get(publication=digest)
    assert issue.status == DigestIssue.Status.DRAFTED and issue.send_at == send_at
    post = PostPage.objects.get(pk=issue.post_id)
    assert not post.live  # a draft for the editors until it goes
    assert items(post) == [
        ("post", "New bins from April"),
        ("post", "Leeks are in"),
        ("elsewhere", "Harvest supper"),
        ("surgery", "Facebook for groups"),
        ("surgery", "Phones and tablets help"),
        ("centre", "Quiz night"),
    ]
    headings = [block.value["text"] for block in post.body if block.block_type == "heading"]
    assert headings == ["New in Kingstanding", "From local blogs and websites", "Coming up"]
    bins = next(block.value for block in post.body if block.block_type == "digest_item")
    assert bins["source"] == "Kingstanding Watch"
    assert bins["excerpt"] == "Brown bins every other Tuesday."
    # Absolute links from the content's own Site.
    assert bins["link"] == "http://testserver/kingstanding/watch/new-bins-from-april/"
    centre = [block.value for block in post.body if block.block_type == "digest_item"][-1]
    assert centre["link"] == "http://testserver/kingstanding/east/centre/"
    assert centre["source"] == "Kingstanding Community Centre"
    assert centre["excerpt"] == "Open 18:00 to 22:00"
    harvest = next(block.value for block in post.body if block.value.get("title") == "Harvest supper")
    assert harvest["link"] == "https://parish.example.org/harvest/"
    assert harvest["source"] == "St Mark's parish"
    assert harvest["excerpt"] == "Bring a dish to share."


def test_drafting_waits_for_its_time_and_happens_once(town, digest, moment):
    send_at, now = moment
    too_early = send_at - digests.DRAFT_LEAD - datetime.timedelta(minutes=5)
    assert not home_digests.run_digests(too_early).drafted
    assert not DigestIssue.objects.exists()
    home_digests.run_digests(now)
    again = home_digests.run_digests(now + datetime.timedelta(minutes=5))
    assert not again.drafted and not again.sent
    assert DigestIssue.objects.count() == 1
    assert PostPage.objects.child_of(digest).filter(live=False).count() == 1


def test_the_next_issue_starts_where_this_one_stopped(town, digest, moment):
    send_at, _now = moment
    window = digests.window_for(digest, send_at)
    following = digests.window_for(digest, digests.next_send_at(digest, send_at))
    assert following.news_from == window.news_until
    assert following.send_at == window.coming_until


def test_weekly_send_times_keep_uk_time_through_the_clock_change(place):
    digest = make_digest(place, digest_weekday=4, digest_send_time=datetime.time(8, 0))
    assert digests.next_send_at(digest, london(2026, 12, 2, 12, 0)) == london(2026, 12, 4, 8, 0)
    # Friday 8:00 itself has gone: the next Friday.
    assert digests.next_send_at(digest, london(2026, 12, 4, 8, 0)) == london(2026, 12, 11, 8, 0)
    # Over the change to summer time (28 March 2027) it stays 8:00 in the UK.
    after = digests.next_send_at(digest, london(2027, 3, 26, 9, 0))
    assert after == london(2027, 4, 2, 8, 0)
    assert after.astimezone(datetime.UTC).hour == 7
    assert digests.previous_send_at(digest, after) == london(2027, 3, 26, 8, 0)
    window = digests.window_for(digest, london(2026, 12, 4, 8, 0))
    assert window.news_from == london(2026, 11, 26, 8, 0)
    assert window.news_until == window.draft_at == london(2026, 12, 3, 8, 0)
    assert window.coming_until == london(2026, 12, 11, 8, 0)


def test_monthly_digest_goes_out_on_the_first_chosen_weekday_of_the_month(place):
    digest = make_digest(
        place,
        digest_frequency=PublicationPage.DigestFrequency.MONTHLY,
        digest_weekday=0,
        digest_send_time=datetime.time(7, 30),
    )
    # The first Monday of December 2026 is the 7th; of January 2027 the 4th.
    assert digests.next_send_at(digest, london(2026, 11, 30, 12, 0)) == london(2026, 12, 7, 7, 30)
    assert digests.next_send_at(digest, london(2026, 12, 7, 7, 30)) == london(2027, 1, 4, 7, 30)
    window = digests.window_for(digest, london(2027, 1, 4, 7, 30))
    assert window.news_from == london(2026, 12, 6, 7, 30)
    assert window.news_until == london(2027, 1, 3, 7, 30)
    assert window.coming_until == london(2027, 2, 1, 7, 30)
    assert digests.window_due(digest, london(2027, 1, 3, 7, 0)) is None
    assert digests.window_due(digest, london(2027, 1, 3, 8, 0)).send_at == london(2027, 1, 4, 7, 30)


def test_an_empty_week_drafts_nothing_sends_nothing_and_says_why(client, admin_user, digest, moment):
    send_at, now = moment
    run = home_digests.run_digests(now)
    assert not run.drafted and len(run.empty) == 1
    issue = DigestIssue.objects.get(publication=digest)
    assert issue.status == DigestIssue.Status.EMPTY and issue.post is None
    assert not PostPage.objects.child_of(digest).exists()
    assert not home_digests.run_digests(send_at + datetime.timedelta(minutes=1)).sent
    # The editor sees why nothing went out, on the digest's own page in the admin.
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{digest.pk}/edit/")
    assert response.status_code == 200
    assert "Nothing new in the place: nothing was sent" in response.content.decode()


def test_send_time_publishes_the_editors_draft(town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    post = PostPage.objects.get(pk=issue.post_id)
    # The editor cuts the first item and adds a note, saving a draft (not publishing).
    body = [("paragraph", "<p>A note from the editor.</p>")] + [
        (block.block_type, block.value) for block in post.body if block.value != post.body[1].value
    ]
    post.body = body
    post.save_revision()

    assert not home_digests.run_digests(send_at - datetime.timedelta(minutes=1)).sent
    run = home_digests.run_digests(send_at + datetime.timedelta(minutes=1))
    assert [sent.pk for sent, _queued in run.sent] == [issue.pk]
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.SENT
    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    assert post.body[0].block_type == "paragraph"
    assert "New bins from April" not in [title for _kind, title in items(post)]
    # Sent once only.
    assert not home_digests.run_digests(send_at + datetime.timedelta(minutes=10)).sent


def test_a_sent_digest_is_on_its_own_page_not_among_the_news_it_gathers(client, town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    home_digests.run_digests(send_at + datetime.timedelta(minutes=1))
    issue = DigestIssue.objects.get(publication=digest)
    title = PostPage.objects.get(pk=issue.post_id).title
    assert title in client.get("/kingstanding/digest/").content.decode()
    place_page = client.get("/kingstanding/").content.decode()
    assert "New bins from April" in place_page
    assert title not in place_page
    assert title not in client.get("/").content.decode()


def test_a_held_digest_does_not_go_until_let_go(client, admin_user, town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{issue.post_id}/edit/").content.decode()
    assert "This is an issue of a place digest" in edit
    assert "Hold this digest" in edit
    hold_url = f"/admin/digests/issues/{issue.pk}/hold/"
    assert client.get(hold_url).status_code == 200
    assert client.post(hold_url).status_code == 302
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.HELD
    assert "You have held it" in client.get(f"/admin/pages/{issue.post_id}/edit/").content.decode()

    assert not home_digests.run_digests(send_at + datetime.timedelta(minutes=1)).sent
    assert not PostPage.objects.get(pk=issue.post_id).live

    client.post(hold_url)  # let it go: it goes at the next run
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.DRAFTED
    assert len(home_digests.run_digests(send_at + datetime.timedelta(minutes=6)).sent) == 1


def test_someone_who_may_not_publish_the_issue_cannot_hold_it(
    client, django_user_model, town, digest, moment
):
    home_digests.run_digests(moment[1])
    issue = DigestIssue.objects.get(publication=digest)
    user = django_user_model.objects.create_user("reader", password="x")
    user.groups.add(Group.objects.get(name="Editors"))  # may use the admin, not publish here
    Group.objects.get(name="Editors").page_permissions.all().delete()
    client.force_login(user)
    assert client.post(f"/admin/digests/issues/{issue.pk}/hold/").status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.DRAFTED


def test_a_deleted_draft_is_not_sent(town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    PostPage.objects.get(pk=issue.post_id).delete()
    assert not home_digests.run_digests(send_at + datetime.timedelta(minutes=1)).sent
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.CANCELLED


def test_the_scheduler_command_reports_what_it_did(town, digest, moment, monkeypatch):
    _send_at, now = moment
    monkeypatch.setattr(timezone, "now", lambda: now)
    out = io.StringIO()
    call_command("send_place_digests", stdout=out)
    assert "Place digests: 1 drafted, 0 with nothing new (not sent), 0 sent." in out.getvalue()


# --- The place page ------------------------------------------------------------------------------


def test_place_page_offers_its_digest_without_a_cookie(client, place, digest):
    response = client.get("/kingstanding/")
    html = response.content.decode()
    assert "Get the news from Kingstanding by email" in html
    assert f'action="/subscriptions/{digest.pk}/"' in html
    assert "Email me each new issue of Kingstanding digest." in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    # It is offered in its own box, not again among the place's newsletters and blogs.
    assert "Newsletters and blogs in Kingstanding" not in html


def test_a_place_without_a_digest_shows_no_box(client, place):
    html = client.get("/kingstanding/").content.decode()
    assert "Get the news from" not in html
    assert "place-digest" not in html


def test_place_page_with_a_digest_keeps_its_query_ceiling(
    client, place, digest, django_assert_max_num_queries
):
    from home.tests.test_pages import PAGE_QUERY_CEILING

    client.get("/kingstanding/")  # warm the caches the ceiling assumes
    with django_assert_max_num_queries(PAGE_QUERY_CEILING):
        assert client.get("/kingstanding/").status_code == 200


def test_a_digest_goes_directly_under_a_place_and_only_one_per_place(
    client, admin_user, home_page, place, digest
):
    client.force_login(admin_user)
    form = {
        "title": "Another digest",
        "slug": "another-digest",
        "kind": "digest",
        "digest_frequency": "weekly",
        "digest_weekday": "4",
        "digest_send_time": "08:00",
    }
    response = client.post(f"/admin/pages/add/newsletters/publicationpage/{place.pk}/", form)
    assert response.status_code == 200
    assert "This place has a digest already" in response.content.decode()
    response = client.post(f"/admin/pages/add/newsletters/publicationpage/{home_page.pk}/", form)
    assert "A place digest goes directly under a place" in response.content.decode()
    assert PublicationPage.objects.filter(kind="digest").count() == 1


def test_an_editor_starts_a_digest_for_a_place(client, admin_user, place):
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{place.pk}/edit/").content.decode()
    assert "Start a digest for this place" in edit
    start_url = f"/admin/digests/places/{place.pk}/start/"
    assert "Start a digest for Kingstanding?" in client.get(start_url).content.decode()
    response = client.post(start_url)
    digest = PublicationPage.objects.get(kind=PublicationPage.Kind.DIGEST)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{digest.pk}/edit/"
    assert digest.live and digest.get_parent().pk == place.pk
    assert digest.title == "Kingstanding digest"
    assert (
        "Start a digest for this place" not in client.get(f"/admin/pages/{place.pk}/edit/").content.decode()
    )
    # A second press opens the digest there is instead of making another.
    assert client.post(start_url)["Location"] == f"/admin/pages/{digest.pk}/edit/"
    assert PublicationPage.objects.filter(kind=PublicationPage.Kind.DIGEST).count() == 1
    client.logout()
    assert "Get the news from Kingstanding by email" in client.get("/kingstanding/").content.decode()


def test_only_places_get_a_digest_and_only_from_those_who_may_publish_there(
    client, admin_user, django_user_model, home_page, place
):
    client.force_login(admin_user)
    refused = client.post(f"/admin/digests/places/{home_page.pk}/start/")
    assert refused.status_code == 403 or refused["Location"] == "/admin/"
    user = django_user_model.objects.create_user("helper", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    Group.objects.get(name="Editors").page_permissions.all().delete()
    client.force_login(user)
    assert client.post(f"/admin/digests/places/{place.pk}/start/").status_code in (302, 403)
    assert not PublicationPage.objects.filter(kind=PublicationPage.Kind.DIGEST).exists()


# --- Feeds and search carry the news once ------------------------------------------------------


def sent_issue(town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    home_digests.run_digests(send_at + datetime.timedelta(minutes=1))
    return PostPage.objects.get(pk=DigestIssue.objects.get(publication=digest).post_id)


def test_a_sent_digest_is_only_in_its_own_feed_not_the_sites_or_the_places(
    client, town, place, digest, moment
):
    issue = sent_issue(town, digest, moment)
    for address in (
        "/feeds/rss/",
        "/feeds/atom/",
        f"/feeds/places/{place.pk}/rss/",
        f"/feeds/places/{place.pk}/atom/",
    ):
        feed = client.get(address).content.decode()
        assert "New bins from April" in feed, address
        assert issue.title not in feed, address
    own = client.get(f"/feeds/publications/{digest.pk}/rss/").content.decode()
    assert issue.title in own


@pytest.mark.search_index
def test_site_search_finds_the_posts_not_the_digest_that_repeats_them(client, town, digest, moment):
    issue = sent_issue(town, digest, moment)
    found = [result.title for result in client.get("/search/", {"query": "bins"}).context["search_results"]]
    assert "New bins from April" in found
    assert issue.title not in found
    found = [result.title for result in client.get("/search/", {"query": "week"}).context["search_results"]]
    assert issue.title not in found


# --- Email checks on an issue nobody sends by hand -------------------------------------------------


def test_a_drafted_digest_shows_the_email_warnings_and_keeps_them_when_sent(
    client, admin_user, town, digest, moment
):
    send_at, now = moment
    feed = ExternalFeed.objects.get(title="St Mark's parish")
    ExternalItem.objects.create(
        feed=feed,
        guid="preview",
        title="Our new page",
        link="http://127.0.0.1:8000/admin/pages/1/edit/preview/",
        published=now - datetime.timedelta(days=1),
    )
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    assert len(issue.warnings) == 1 and "readers cannot open" in issue.warnings[0]
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{issue.post_id}/edit/").content.decode()
    assert "Check these before it goes" in edit
    assert "http://127.0.0.1:8000/admin/pages/1/edit/preview/" in edit

    # The editor cuts that item and saves: the warning goes.
    post = PostPage.objects.get(pk=issue.post_id)
    post.body = [
        (block.block_type, block.value)
        for block in post.body
        if not (block.block_type == "digest_item" and block.value["title"] == "Our new page")
    ]
    post.save_revision()
    home_digests.recheck_draft(post)
    issue.refresh_from_db()
    assert issue.warnings == []
    assert (
        "Check these before it goes" not in client.get(f"/admin/pages/{issue.post_id}/edit/").content.decode()
    )

    # What is sent is checked again, and the result kept with the issue.
    post.body = [
        ("paragraph", '<p>See <a href="/admin/pages/">our admin</a>.</p>'),
        *[(block.block_type, block.value) for block in post.body],
    ]
    post.save_revision()
    home_digests.run_digests(send_at + datetime.timedelta(minutes=1))
    issue.refresh_from_db()
    assert issue.status == DigestIssue.Status.SENT
    assert len(issue.warnings) == 1 and "/admin/pages/" in issue.warnings[0]
    assert (
        "The email checks found this when it was sent"
        in client.get(f"/admin/pages/{issue.post_id}/edit/").content.decode()
    )


# --- The scheduler was not running at the send time ------------------------------------------------


@pytest.fixture
def digest_since_last_month(digest, moment):
    PublicationPage.objects.filter(pk=digest.pk).update(
        first_published_at=moment[0] - datetime.timedelta(days=30)
    )
    return PublicationPage.objects.get(pk=digest.pk)


def test_an_issue_never_drafted_goes_late_within_the_grace_period_and_once(
    town, digest_since_last_month, moment
):
    send_at, _now = moment
    late = send_at + datetime.timedelta(hours=11)  # the scheduler was down from before drafting
    run = home_digests.run_digests(late)
    assert len(run.drafted) == 1 and len(run.sent) == 1 and not run.missed
    issue = DigestIssue.objects.get(publication=digest_since_last_month, send_at=send_at)
    assert issue.status == DigestIssue.Status.SENT and issue.sent_at == late
    assert "New bins from April" in [title for _kind, title in items(PostPage.objects.get(pk=issue.post_id))]
    again = home_digests.run_digests(late + datetime.timedelta(minutes=5))
    assert not again.sent and not again.drafted
    assert DigestIssue.objects.filter(publication=digest_since_last_month).count() == 1


def test_a_drafted_issue_goes_late_within_the_grace_period(town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    run = home_digests.run_digests(send_at + datetime.timedelta(hours=11, minutes=59))
    assert len(run.sent) == 1
    assert not home_digests.run_digests(send_at + datetime.timedelta(hours=12, minutes=5)).sent


def test_later_than_the_grace_period_nothing_goes_and_the_sending_tab_says_why(
    client, admin_user, settings, town, digest_since_last_month, moment
):
    settings.DIGEST_LATE_GRACE_HOURS = 2
    send_at, _now = moment
    run = home_digests.run_digests(send_at + datetime.timedelta(hours=3))
    assert not run.sent and not run.drafted and len(run.missed) == 1
    issue = DigestIssue.objects.get(publication=digest_since_last_month)
    assert issue.status == DigestIssue.Status.MISSED and issue.post is None
    assert not home_digests.run_digests(send_at + datetime.timedelta(hours=4)).missed  # noted once
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{digest_since_last_month.pk}/edit/").content.decode()
    assert "came back too late to send it" in edit


def test_a_drafted_issue_past_the_grace_period_is_not_sent(town, digest, moment):
    send_at, now = moment
    home_digests.run_digests(now)
    run = home_digests.run_digests(send_at + datetime.timedelta(hours=13))
    assert not run.sent and len(run.missed) == 1
    issue = DigestIssue.objects.get(publication=digest)
    assert issue.status == DigestIssue.Status.MISSED
    assert not PostPage.objects.get(pk=issue.post_id).live


def test_an_issue_let_go_late_still_goes_within_the_grace_period_from_then(
    client, admin_user, town, digest, moment
):
    send_at, now = moment
    home_digests.run_digests(now)
    issue = DigestIssue.objects.get(publication=digest)
    digests.hold(issue)
    assert not home_digests.run_digests(send_at + datetime.timedelta(hours=20)).missed  # held: waits
    digests.release(issue)
    DigestIssue.objects.filter(pk=issue.pk).update(released_at=send_at + datetime.timedelta(hours=20))
    assert len(home_digests.run_digests(send_at + datetime.timedelta(hours=21)).sent) == 1


def test_a_digest_started_after_a_send_time_does_not_send_for_it(town, digest, moment):
    send_at, _now = moment
    PublicationPage.objects.filter(pk=digest.pk).update(
        first_published_at=send_at - datetime.timedelta(hours=2)
    )
    run = home_digests.run_digests(send_at + datetime.timedelta(hours=1))
    assert not (run.sent or run.drafted or run.missed)
    assert not DigestIssue.objects.filter(publication=digest).exists()
