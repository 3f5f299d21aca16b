"""The impact report: a known history across months and places, and every figure on the page, CSV and JSON."""

import csv
import datetime
import io

from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from handover.impact import impact_report
from handover.models import FollowUp, HelpRecord
from home.models import PlacePage
from newsletters.models import PostPage, PublicationPage
from subscriptions.models import Subscriber
from surgeries.models import Booking, BookingStatus, Role, SurgeryPage, SurgeryStatus

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PAGE_URL = "/admin/impact/"
CSV_URL = "/admin/impact/impact.csv"
JSON_URL = "/admin/impact/impact.json"


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_surgery(place, day, hours, status=SurgeryStatus.SCHEDULED):
    page = SurgeryPage(
        title=f"Surgery in {place.title}, {day:%-d %B %Y}",
        slug=f"surgery-{place.slug}-{day:%Y-%m-%d}",
        starts_at=at(day),
        ends_at=at(day) + datetime.timedelta(hours=hours),
        status=status,
    )
    place.add_child(instance=page)
    return page


def book(surgery, role, status, count=1, walk_in=False):
    for _ in range(count):
        number = Booking.objects.count()
        Booking.objects.create(
            surgery=surgery,
            role=role,
            name=f"Person {number}",
            email=f"person{number}@example.org",
            status=status,
            is_walk_in=walk_in,
        )


def add_post(publication, title, day, first_published=None):
    post = PostPage(title=title, date=day, intro="<p>News.</p>")
    publication.add_child(instance=post)
    post.save_revision().publish()
    PostPage.objects.filter(pk=post.pk).update(first_published_at=first_published or at(day))
    return post


def subscribe(publication, confirmed_on, status=Subscriber.Status.CONFIRMED):
    number = Subscriber.objects.count()
    return Subscriber.objects.create(
        publication=publication,
        email=f"reader{number}@example.org",
        status=status,
        consent_text="Send me this newsletter by email.",
        consented_at=at(confirmed_on),
        confirmed_at=at(confirmed_on) if status == Subscriber.Status.CONFIRMED else None,
    )


@pytest.fixture
def history(home_page, place):
    """Kingstanding (with the Estate under it) and Aston, from late 2024 to today.

    March 2025: Kingstanding's first surgery (3 hours); April: the Estate's and Aston's (2 hours
    each); May: Kingstanding's next surgery, cancelled. A newsletter and a blog are set up at the
    first two; the newsletter is still posting, the blog stopped in May.
    """
    today = timezone.localdate()
    estate = place.add_child(instance=PlacePage(title="Kingstanding Estate", slug="estate"))
    aston = home_page.add_child(instance=PlacePage(title="Aston", slug="aston"))
    march = add_surgery(place, datetime.date(2025, 3, 5), 3)
    april = add_surgery(estate, datetime.date(2025, 4, 9), 2)
    aston_april = add_surgery(aston, datetime.date(2025, 4, 16), 2)
    add_surgery(place, datetime.date(2025, 5, 7), 2, status=SurgeryStatus.CANCELLED)

    book(march, Role.ATTEND, BookingStatus.ATTENDED, 2)
    book(march, Role.ATTEND, BookingStatus.ATTENDED, walk_in=True)
    book(march, Role.ATTEND, BookingStatus.NO_SHOW)
    book(march, Role.ATTEND, BookingStatus.CANCELLED)
    book(march, Role.ATTEND, BookingStatus.BOOKED)
    book(march, Role.HELP, BookingStatus.ATTENDED, 2)
    book(march, Role.HELP, BookingStatus.CANCELLED)
    book(april, Role.ATTEND, BookingStatus.ATTENDED, 2)
    book(april, Role.HELP, BookingStatus.BOOKED)
    book(aston_april, Role.ATTEND, BookingStatus.ATTENDED)
    book(aston_april, Role.ATTEND, BookingStatus.NO_SHOW)
    book(aston_april, Role.HELP, BookingStatus.ATTENDED)

    watch = place.add_child(
        instance=PublicationPage(title="Kingstanding Watch", slug="watch", kind="newsletter")
    )
    blog = estate.add_child(instance=PublicationPage(title="=Estate blog", slug="estate-blog", kind="blog"))
    add_post(watch, "Before the surgery", datetime.date(2024, 12, 10))
    add_post(watch, "April issue", datetime.date(2025, 4, 2))
    add_post(watch, "Latest issue", today - datetime.timedelta(days=10))
    add_post(blog, "May post", datetime.date(2025, 5, 20))
    subscribe(watch, datetime.date(2025, 1, 15))
    subscribe(watch, datetime.date(2025, 3, 20))
    subscribe(watch, datetime.date(2025, 3, 21), status=Subscriber.Status.PENDING)
    subscribe(blog, datetime.date(2025, 6, 1))

    maureen = make_user("maureen")
    first = HelpRecord.objects.create(
        surgery=march,
        newcomer=maureen,
        helped_name="Maureen Lewis",
        topics=["newsletter", "safety"],
        publication=watch,
        created_at=at(datetime.date(2025, 3, 5), 11),
    )
    second = HelpRecord.objects.create(
        surgery=april,
        helped_name="Estate residents",
        topics=["newsletter"],
        publication=blog,
        created_at=at(datetime.date(2025, 4, 9), 11),
    )
    HelpRecord.objects.create(
        surgery=aston_april,
        helped_name="Aston allotments",
        topics=["facebook"],
        created_at=at(datetime.date(2025, 4, 16), 11),
    )
    FollowUp.objects.create(help_record=first, date=datetime.date(2025, 5, 1), what_changed="Two issues out.")
    FollowUp.objects.create(help_record=second, date=datetime.date(2025, 6, 1), what_changed="A blog post.")
    return {"kingstanding": place, "estate": estate, "aston": aston, "march": march}


NETWORK = {
    "surgeries_held": 3,
    "booked": 8,
    "attended": 6,
    "walk_ins": 1,
    "no_shows": 2,
    "helpers": 4,
    "helper_hours": 10,
    "help_given": 3,
    "newcomers_set_up": 1,
    "publications_started": 2,
    "publications_active": 1,
    "posts_since_help": 3,
    "subscribers_gained": 2,
    "follow_ups": 2,
}
KINGSTANDING = {
    **NETWORK,
    "surgeries_held": 2,
    "booked": 6,
    "attended": 5,
    "no_shows": 1,
    "helpers": 3,
    "helper_hours": 8,
    "help_given": 2,
}
TOPICS = [("An email newsletter", 2), ("A Facebook page", 1), ("Staying safe online", 1)]
SHIFT = {
    "Kingstanding": (
        {"publications": 1, "posts_per_month": 0.2, "subscribers": 1, "events": 0},
        {"publications": 2, "posts_per_month": 0.3, "subscribers": 3, "events": 3},
    ),
    "Kingstanding Estate": (
        {"publications": 0, "posts_per_month": 0.0, "subscribers": 0, "events": 0},
        {"publications": 1, "posts_per_month": 0.2, "subscribers": 1, "events": 1},
    ),
    "Aston": (
        {"publications": 0, "posts_per_month": 0.0, "subscribers": 0, "events": 0},
        {"publications": 0, "posts_per_month": 0.0, "subscribers": 0, "events": 1},
    ),
}


@pytest.fixture
def organiser(db):
    user = make_user("olive")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_impact")
    )
    return user


@pytest.fixture
def client(organiser):
    client = Client()
    client.login(username=organiser.username, password=PASSWORD)
    return client


def whole(report_filter=None, **overrides):
    base = {"place": None, "root_path": "", "surgery_id": None, "start": None, "end": None}
    return {**base, **(report_filter or {}), **overrides}


def test_every_figure_for_the_network_comes_from_the_records(history):
    report = impact_report(whole())
    assert report["figures"] == NETWORK
    assert report["topics"] == TOPICS
    shift = {row["place"]: (row["before"], row["after"]) for row in report["places"]}
    assert shift == SHIFT
    assert report["places"][0]["first_surgery"] == datetime.date(2025, 3, 5)


def test_a_place_includes_the_places_under_it(history):
    place = history["kingstanding"]
    report = impact_report(whole(place=place, root_path=place.path))
    assert report["figures"] == KINGSTANDING
    assert [row["place"] for row in report["places"]] == ["Kingstanding", "Kingstanding Estate"]
    assert report["topics"] == [("An email newsletter", 2), ("Staying safe online", 1)]


def test_the_page_shows_every_figure_charts_and_tables(client, history):
    response = client.get(PAGE_URL, {"start": "2025-03-01", "end": "2025-05-31"})
    assert response.status_code == 200
    page = response.content.decode()
    months = response.context["report"]["months"]
    assert [(row["month"], row["surgeries"], row["attended"], row["help"]) for row in months] == [
        (datetime.date(2025, 3, 1), 1, 3, 1),
        (datetime.date(2025, 4, 1), 2, 3, 2),
        (datetime.date(2025, 5, 1), 0, 0, 0),
    ]
    figures = dict(response.context["figure_rows"])
    assert figures["Surgeries held"] == 3 and figures["Helper hours"] == 10
    assert figures["Follow-ups recorded"] == 1  # the blog's, on 1 June, is after the range
    assert '<title id="impact-months-title">' in page and '<title id="impact-topics-title">' in page
    assert 'data-month="2025-04" data-series="attended" data-value="3"' in page
    assert "6 people came (1 walking in), of 8 who booked" in page
    assert "Kingstanding Estate" in page and "&#x27;=Estate blog" not in page
    assert 'href="/admin/impact/impact.csv?start=2025-03-01&amp;end=2025-05-31"' in page


def test_the_csv_holds_every_figure_with_formulas_kept_as_text(client, history):
    place = history["kingstanding"]
    response = client.get(CSV_URL, {"place": place.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "figure", "value"]
    assert ["Report", "Covers", "Kingstanding"] in rows
    assert ["Totals", "Helper hours", "8.0"] in rows
    assert ["Totals", "People who came (walk-ins included)", "5"] in rows
    assert ["Month 2025-04", "People who came", "2"] in rows
    assert ["Helped with", "An email newsletter", "2"] in rows
    assert ["Kingstanding: from the first surgery", "Subscribers", "3"] in rows
    assert ["Kingstanding Estate: in the 6 months before the first surgery", "Posts per month", "0.0"] in rows
    estate = PlacePage.objects.get(slug="estate")
    estate.title = "=HYPERLINK(1)"
    estate.save_revision().publish()
    rows = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode())))
    assert ["'=HYPERLINK(1)", "First surgery", "2025-04-09"] in rows


def test_the_json_is_stable_read_only_and_for_organisers_only(client, history):
    response = client.get(JSON_URL, {"surgery": history["march"].pk})
    assert response.status_code == 200
    data = response.json()
    assert data["filter"]["surgery"] == history["march"].pk
    assert data["figures"] == {
        **NETWORK,
        "surgeries_held": 1,
        "booked": 4,
        "attended": 3,
        "no_shows": 1,
        "helpers": 2,
        "helper_hours": 6,
        "help_given": 1,
        "publications_started": 1,
        "posts_since_help": 2,
        "subscribers_gained": 1,
        "follow_ups": 1,
    }
    assert data["topics"] == [
        {"topic": "An email newsletter", "help_log_entries": 1},
        {"topic": "Staying safe online", "help_log_entries": 1},
    ]
    everything = client.get(JSON_URL).json()
    assert everything["figures"] == NETWORK
    assert {row["place"]: (row["before"], row["after"]) for row in everything["places"]} == {
        name: (before, after) for name, (before, after) in SHIFT.items()
    }
    assert client.post(JSON_URL).status_code == 405
    assert Client().get(JSON_URL).status_code == 302  # to the admin login


def test_editors_without_the_permission_are_refused(history):
    editor = make_user("edie", groups=["Editors"])
    client = Client()
    client.login(username=editor.username, password=PASSWORD)
    refused = client.get(PAGE_URL)
    assert (
        refused.status_code == 302 and refused["Location"] == "/admin/"
    )  # Wagtail's "no permission" message
    assert client.get(CSV_URL).status_code == 403
    assert client.get(JSON_URL).status_code == 403
    assert b"/admin/impact/" not in client.get("/admin/").content


def test_bad_filters_get_a_message_not_a_server_error(client, history):
    response = client.get(PAGE_URL, {"start": "2025-06-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert (
        "The &#x27;From&#x27; date must be on or before the &#x27;To&#x27; date." in response.content.decode()
    )
    assert client.get(JSON_URL, {"place": "nowhere"}).status_code == 400
    assert client.get(CSV_URL, {"start": "yesterday"}).status_code == 400


def test_the_page_takes_the_same_number_of_queries_for_more_history(client, history):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE_URL).status_code == 200
        return len(captured)

    queries()  # the first request fills the per-process caches (site, locales)
    before = queries()
    aston = history["aston"]
    for month in range(6, 10):
        surgery = add_surgery(aston, datetime.date(2025, month, 3), 2)
        book(surgery, Role.ATTEND, BookingStatus.ATTENDED, 3)
        book(surgery, Role.HELP, BookingStatus.ATTENDED)
        HelpRecord.objects.create(
            surgery=surgery, helped_name="Someone", topics=["blog"], created_at=at(surgery.starts_at.date())
        )
    more_places = history["estate"].add_child(instance=PlacePage(title="Estate north", slug="north"))
    add_surgery(more_places, datetime.date(2025, 8, 8), 2)
    assert queries() == before


def grow_tenfold(history):
    """Ten more places under Aston, each with three surgeries held and one cancelled, their bookings,
    help (one in three setting up a publication that then posts and gains subscribers) and
    follow-ups: about ten times the history's surgeries, bookings, help, posts and subscribers."""
    statuses = [BookingStatus.ATTENDED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.BOOKED]
    for number in range(10):
        area = history["aston"].add_child(instance=PlacePage(title=f"Aston {number}", slug=f"aston-{number}"))
        publication = area.add_child(
            instance=PublicationPage(title=f"Aston {number} news", slug="news", kind="newsletter")
        )
        for month in range(3):
            day = datetime.date(2025, 6 + month, 1 + number)
            area.add_child(instance=PostPage(title=f"Issue {month}", slug=f"issue-{month}", date=day))
            surgery = add_surgery(area, day, 2 + month % 2)
            Booking.objects.bulk_create(
                Booking(
                    surgery=surgery,
                    role=Role.HELP if index == 0 else Role.ATTEND,
                    name=f"Person {number}.{month}.{index}",
                    email=f"p{number}-{month}-{index}@example.org",
                    status=statuses[index % len(statuses)],
                    is_walk_in=index == 5,
                )
                for index in range(7)
            )
            record = HelpRecord.objects.create(
                surgery=surgery,
                helped_name=f"Group {number}.{month}",
                topics=["blog", "facebook"][: 1 + month % 2],
                publication=publication if month == 0 else None,
                created_at=at(day, 11),
            )
            FollowUp.objects.create(
                help_record=record, date=day + datetime.timedelta(days=40), what_changed="More."
            )
            subscribe(publication, day + datetime.timedelta(days=5))
        add_surgery(area, datetime.date(2025, 10, 1 + number), 2, status=SurgeryStatus.CANCELLED)


def test_the_report_takes_no_more_queries_for_ten_times_the_history(
    client, history, django_assert_max_num_queries
):
    """The page, the CSV and the JSON, for the network, a place and a date range, each run no more
    queries with ten times as many places, surgeries, bookings, help and follow-ups."""
    urls = [PAGE_URL, CSV_URL, JSON_URL]
    filters = [{}, {"place": history["aston"].pk}, {"start": "2025-01-01", "end": "2025-12-31"}]

    def count(url, params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    client.get(PAGE_URL)  # the first request fills the per-process caches (site, locales)
    small = {(url, str(params)): count(url, params) for url in urls for params in filters}
    grow_tenfold(history)
    assert Booking.objects.count() > 10 * 18 and SurgeryPage.objects.count() > 10 * 4
    for url in urls:
        for params in filters:
            with django_assert_max_num_queries(small[url, str(params)]):
                response = client.get(url, params)
            assert response.status_code == 200
    assert impact_report(whole())["figures"]["surgeries_held"] == 3 + 30
