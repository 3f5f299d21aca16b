"""The role x admin-view matrix for towns: an organiser of Walsall against Dudley's objects.

Two towns on two host names in one database, each with a place, a surgery that has been held
(with a booking), a community centre (with a room-hire enquiry), a newsletter (with a
subscriber) and two help-log entries (one at the surgery, one for the newsletter away from a
surgery). Walsall's organiser finds Walsall's on every admin view and export, and is refused
(403, or a redirect to the dashboard) or simply not shown Dudley's; a network admin sees both.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.tests.shared_data import copy_for_the_test, kept_for_the_module
from handover.models import HelpRecord
from handover.permissions import HELPERS_GROUP, helpers_group
from handover.tests.conftest import make_user
from handover.tests.test_boundaries import ALLOWED, DENIED, NOT_FOUND, outcome
from home.models import RoomHireEnquiry
from newsletters.models import PublicationPage
from subscriptions.models import Subscriber
from surgeries.models import Booking, BookingStatus, SurgeryPage

from .conftest import build_centre, make_dudley, make_network, make_walsall, organiser_of

pytestmark = pytest.mark.django_db

REFUSED = {DENIED, NOT_FOUND}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def town_objects(town, helper):
    """A town's records of every kind, each carrying the town's name so a listing gives it away."""
    name = town.name
    place = publish(town.root_page.get_children().get(slug="surgeries").specific)
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=14)
    surgery = SurgeryPage(
        title=f"{name} surgery",
        slug="surgery",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    place.add_child(instance=surgery)
    surgery = publish(surgery)
    booking = Booking.objects.create(
        surgery=surgery,
        role="attend",
        name=f"{name} Booker",
        email=f"booker@{town.slug}.example.org",
        status=BookingStatus.BOOKED,
    )
    centre = build_centre(place, slug="centre", title=f"{name} Community Centre")
    room = centre.rooms.first()
    enquiry = RoomHireEnquiry.objects.create(
        centre=centre,
        room=room,
        room_name=room.name,
        date=datetime.date(2030, 4, 1),
        starts_at=datetime.time(18),
        ends_at=datetime.time(20),
        hirer_kind="resident",
        purpose="Party",
        name=f"{name} Hirer",
        email=f"hirer@{town.slug}.example.org",
    )
    newsletter = PublicationPage(
        title=f"{name} Watch",
        slug="watch",
        kind=PublicationPage.Kind.NEWSLETTER,
        contact_email=f"watch@{town.slug}.example.org",
    )
    place.add_child(instance=newsletter)
    newsletter = publish(newsletter)
    subscriber = Subscriber.objects.create(
        publication=newsletter,
        email=f"reader@{town.slug}.example.org",
        name=f"{name} Reader",
        status=Subscriber.Status.CONFIRMED,
        consent_text="Email me each issue.",
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    at_surgery = HelpRecord.objects.create(
        surgery=surgery, helper=helper, helped_name=f"{name} Helped", topics=["facebook"]
    )
    away = HelpRecord.objects.create(
        helper=helper, helped_name=f"{name} Helped Later", publication=newsletter, topics=["newsletter"]
    )
    return {
        "name": name,
        "place": place,
        "surgery": surgery,
        "booking": booking,
        "centre": centre,
        "enquiry": enquiry,
        "newsletter": newsletter,
        "subscriber": subscriber,
        "help": at_surgery,
        "help away": away,
    }


@pytest.fixture(scope="module")
def two_towns(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both towns, their objects and the two people, built once for the module's tests."""
    media = tmp_path_factory.mktemp("two-towns")
    with kept_for_the_module(django_db_blocker, media):
        make_network()
        walsall, dudley = make_walsall(), make_dudley()
        helpers_group()
        helper = make_user("sam", groups=[HELPERS_GROUP])
        yield {
            "media": media,
            "walsall": walsall,
            "dudley": dudley,
            "towns": {"own": town_objects(walsall, helper), "other": town_objects(dudley, helper)},
            "people": {
                "organiser": organiser_of(walsall, get_user_model(), "wendy"),
                "admin": make_user("ada", is_superuser=True, is_staff=True),
            },
        }


@pytest.fixture
def shared(two_towns, db, settings):
    """The test's own copy of the towns' objects: a test may change one (its rows are rolled back)."""
    return copy_for_the_test(two_towns, settings)


@pytest.fixture
def walsall(shared):
    return shared["walsall"]


@pytest.fixture
def dudley(shared):
    return shared["dudley"]


@pytest.fixture
def towns(shared):
    return shared["towns"]


@pytest.fixture
def people(shared):
    return shared["people"]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def text(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# Listings and downloads: they answer everyone who may use them, and list only what each may see.
def listing_urls():
    return {
        "bookings": reverse("surgeries_bookings:index"),
        "bookings csv": reverse("surgeries_bookings:index") + "?export=csv",
        "bookings xlsx": reverse("surgeries_bookings:index") + "?export=xlsx",
        "subscribers": reverse("subscriptions_subscribers:index"),
        "subscribers csv": reverse("subscriptions_subscribers:index") + "?export=csv",
        "enquiries": reverse("home_enquiries:index"),
        "enquiries csv": reverse("home_enquiries:index") + "?export=csv",
        "help log": reverse("handover_help_log:index"),
        "help log csv": reverse("handover_help_log:index") + "?export=csv",
        "help log xlsx": reverse("handover_help_log:index") + "?export=xlsx",
        "add a help log entry": reverse("handover_help_log:add"),
        "admin api pages": "/admin/api/main/pages/?limit=20",
        "page explorer": reverse("wagtailadmin_explore_root"),
        "site history report": reverse("wagtailadmin_reports:site_history"),
        "aging pages report": reverse("wagtailadmin_reports:aging_pages"),
        "locked pages report": reverse("wagtailadmin_reports:locked_pages"),
        "page search": reverse("wagtailadmin_pages:search") + "?q=surgery",
    }


# What each listing shows of a town: its people's names (and, for pages, titles).
SECRETS = ["Booker", "Reader", "Hirer", "Helped", "Helped Later", "surgery", "Watch", "Community Centre"]


def secrets_of(objects):
    return [f"{objects['name']} {secret}" for secret in SECRETS]


@pytest.mark.search_index
@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_listings_and_downloads_show_only_the_organisers_own_town(people, towns, role):
    client = logged_in(people[role])
    found = {}
    for view, url in listing_urls().items():
        response = client.get(url, follow=True)  # the explorer opens on the person's own part
        assert response.status_code == 200, (view, response.status_code)
        if url.endswith("xlsx"):
            continue  # a zip file; the csv of the same listing is read instead
        page = text(response)
        found[view] = {
            which: [secret for secret in secrets_of(towns[which]) if secret in page]
            for which in ("own", "other")
        }
    leaked = {view: shown["other"] for view, shown in found.items() if shown["other"]}
    if role == "organiser":
        assert leaked == {}, "Dudley's people or pages shown to Walsall's organiser"
    else:
        assert (
            "Dudley Booker" in found["bookings"]["other"] and "Dudley Reader" in found["subscribers"]["other"]
        )
        assert "Dudley Hirer" in found["enquiries"]["other"] and "Dudley Helped" in found["help log"]["other"]
    own = found["bookings"]["own"] + found["subscribers"]["own"] + found["enquiries"]["own"]
    own += found["help log"]["own"] + found["help log csv"]["own"]
    assert {
        "Walsall Booker",
        "Walsall Reader",
        "Walsall Hirer",
        "Walsall Helped",
        "Walsall Helped Later",
    } <= set(own)


def object_urls(objects):
    """Every admin view of one town's objects, by what a person would call it."""
    surgery, booking = objects["surgery"], objects["booking"]
    newsletter, subscriber = objects["newsletter"], objects["subscriber"]
    enquiry, record = objects["enquiry"], objects["help"]
    return {
        "surgery page: edit": reverse("wagtailadmin_pages:edit", args=[surgery.pk]),
        "surgery page: admin api": f"/admin/api/main/pages/{surgery.pk}/",
        "newsletter page: admin api": f"/admin/api/main/pages/{newsletter.pk}/",
        "surgery day page": reverse("surgeries_bookings:surgery", args=[surgery.pk]),
        "surgery bookings csv": reverse("surgeries_bookings:surgery_export", args=[surgery.pk]),
        "booking: inspect": reverse("surgeries_bookings:inspect", args=[booking.pk]),
        "bookings filtered to the surgery": reverse("surgeries_bookings:index") + f"?surgery={surgery.pk}",
        "newsletter's subscribers": reverse("subscriptions_subscribers:newsletter", args=[newsletter.pk]),
        "newsletter's subscribers csv": reverse(
            "subscriptions_subscribers:newsletter_export", args=[newsletter.pk]
        ),
        "subscriber: inspect": reverse("subscriptions_subscribers:inspect", args=[subscriber.pk]),
        "enquiry: edit": reverse("home_enquiries:edit", args=[enquiry.pk]),
        "enquiry: inspect": reverse("home_enquiries:inspect", args=[enquiry.pk]),
        "enquiry: delete": reverse("home_enquiries:delete", args=[enquiry.pk]),
        "enquiry: history": reverse("home_enquiries:history", args=[enquiry.pk]),
        "help log entry: edit": reverse("handover_help_log:edit", args=[record.pk]),
        "help log entry: away from a surgery": reverse(
            "handover_help_log:edit", args=[objects["help away"].pk]
        ),
        "help log entry: delete": reverse("handover_help_log:delete", args=[record.pk]),
        "help log entry: history": reverse("handover_help_log:history", args=[record.pk]),
        "help log entry: copy": reverse("handover_help_log:copy", args=[record.pk]),
        "help log filtered to the surgery": reverse("handover_help_log:index") + f"?surgery={surgery.pk}",
        "newcomer's invitation": reverse("handover_newcomers:handed_over", args=[record.pk]),
        "someone's personal data": reverse("home_personal_data:export") + f"?email={booking.email}",
        # Counts every page and names the latest of each type, wherever it is.
        "page types report": reverse("wagtailadmin_reports:page_types_usage"),
    }


# Views an organiser is refused in their own town too: an invitation is for the helper who set the
# newcomer up, the personal-data export for the data protection lead, and organisers keep the help
# log without deleting from it.
NOT_FOR_ORGANISERS = {
    "newcomer's invitation",
    "someone's personal data",
    "help log entry: delete",
    "page types report",
}
# Filtered listings answer with a form error (400) or an empty list for a surgery not theirs.
FILTERS = {"bookings filtered to the surgery", "help log filtered to the surgery"}


def verdict(response):
    found = outcome(response)
    if found in REFUSED:
        return "refused"
    if response.status_code == 302 and "/admin/" in response.url:
        return "allowed"  # e.g. the personal-data form sends an admin back to itself
    return found if found != ALLOWED else "allowed"


@pytest.mark.parametrize("which", ["own", "other"])
def test_every_object_of_the_other_town_is_refused_and_the_own_allowed(people, towns, which):
    client = logged_in(people["organiser"])
    objects = towns[which]
    found = {}
    for view, url in object_urls(objects).items():
        response = client.get(url)
        if view in FILTERS:
            shown = response.status_code == 200 and objects["name"] + " " in text(response).replace(
                objects["surgery"].title, ""
            )
            found[view] = "allowed" if shown else "refused"
        else:
            found[view] = verdict(response)
    expected = {
        view: "refused" if which == "other" or view in NOT_FOR_ORGANISERS else "allowed"
        for view in object_urls(objects)
    }
    assert found == expected


@pytest.mark.parametrize("which", ["own", "other"])
def test_a_network_admin_sees_both_towns_objects(people, towns, which):
    client = logged_in(people["admin"])
    urls = object_urls(towns[which])
    # An entry that made no account has no invitation to show, to anyone.
    skipped = {*FILTERS, "newcomer's invitation"}
    found = {view: verdict(client.get(url)) for view, url in urls.items() if view not in skipped}
    assert found == dict.fromkeys(found, "allowed")


def test_the_organiser_cannot_act_on_the_other_towns_bookings_or_records(people, towns):
    client = logged_in(people["organiser"])
    other = towns["other"]
    booking, record, enquiry = other["booking"], other["help"], other["enquiry"]
    attempts = {
        "approve": (reverse("surgeries_bookings:decide", args=[booking.pk]), {"decision": "approve"}),
        "check in": (reverse("surgeries_bookings:check_in", args=[booking.pk]), {"status": "attended"}),
        "walk in": (
            reverse("surgeries_bookings:walk_in", args=[other["surgery"].pk]),
            {"name": "Someone", "email": ""},
        ),
        "edit enquiry": (
            reverse("home_enquiries:edit", args=[enquiry.pk]),
            {"status": "booked", "notes": "x"},
        ),
        "delete enquiry": (reverse("home_enquiries:delete", args=[enquiry.pk]), {}),
        "delete help log entry": (reverse("handover_help_log:delete", args=[record.pk]), {}),
    }
    for action, (url, data) in attempts.items():
        assert verdict(client.post(url, data)) == "refused", action
    booking.refresh_from_db()
    enquiry.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert not Booking.objects.filter(surgery=other["surgery"], is_walk_in=True).exists()
    assert enquiry.status == RoomHireEnquiry.Status.NEW
    assert HelpRecord.objects.filter(pk=record.pk).exists()


def test_the_help_log_forms_name_only_people_of_the_organisers_own_town(people, towns, django_user_model):
    """The helper list of the add form names the organiser and their town's helpers, not everyone."""
    stranger = make_user("dora", groups=[])
    HelpRecord.objects.create(surgery=towns["other"]["surgery"], helper=stranger, helped_name="x")
    client = logged_in(people["organiser"])
    helpers = client.get(reverse("handover_help_log:add")).context["form"].fields["helper"].queryset
    assert set(helpers.values_list("username", flat=True)) == {"wendy", "sam"}
    filters = client.get(reverse("handover_help_log:index")).context["filters"]
    assert "dora" not in set(filters.filters["helper"].queryset.values_list("username", flat=True))
    assert set(filters.filters["surgery"].queryset) == {towns["own"]["surgery"]}


def test_an_organiser_given_the_impact_report_sees_their_own_town_only(people, towns):
    organiser = people["organiser"]
    organiser.user_permissions.add(Permission.objects.get(codename="view_impact"))
    client = logged_in(organiser)
    response = client.get(reverse("handover_impact:index"))
    assert response.status_code == 200
    form = response.context["form"]
    places = dict(form.fields["place"].choices)
    assert places[""] == "Walsall" and "The whole network" not in places.values()
    assert str(towns["other"]["place"].pk) not in places
    assert str(towns["own"]["place"].pk) in places
    surgeries = dict(form.fields["surgery"].choices)
    assert str(towns["own"]["surgery"].pk) in surgeries and str(towns["other"]["surgery"].pk) not in surgeries
    report = client.get(reverse("handover_impact:json")).json()
    assert report["figures"]["surgeries_held"] == 1 and report["figures"]["booked"] == 1
    refused = client.get(reverse("handover_impact:json"), {"place": towns["other"]["place"].pk})
    assert refused.status_code == 400

    network = logged_in(people["admin"]).get(reverse("handover_impact:json")).json()
    assert network["figures"]["surgeries_held"] == 2


# --- Choosing pages, files and pictures -------------------------------------------------------
# The page chooser (browse, search, "chosen"), the admin's page search and the admin API show a
# town's organiser their own town only, drafts included; the pages above it (the root, or the
# network's home for a town inside the network's website) only to walk down to it. A network
# admin chooses from every town. Newcomers keep their own rule (published pages and their own
# publication, handover/tests/test_boundaries.py): both go through one chooser rule.

DRAFT_TITLE = "Dudley plans for the summer fair"


@pytest.fixture
def dudley_draft(towns):
    """A draft post of Dudley's, the only page of its type in the network."""
    from newsletters.models import PostPage

    post = PostPage(title=DRAFT_TITLE, slug="summer-fair", date=datetime.date(2030, 6, 1), live=False)
    towns["other"]["newsletter"].add_child(instance=post)
    post.save_revision()
    return post


def chooser_text(response):
    """What a chooser modal shows: its HTML, inside the JSON of the modal workflow."""
    assert response.status_code == 200, response.status_code
    return response.json()["html"]


@pytest.mark.search_index
def test_the_page_chooser_offers_an_organiser_only_their_own_town(
    people, towns, dudley_draft, walsall, dudley
):
    client = logged_in(people["organiser"])
    own, other = towns["own"], towns["other"]
    browse = chooser_text(client.get(reverse("wagtailadmin_choose_page")))
    assert "Walsall" in browse and "Dudley" not in browse
    inside = chooser_text(client.get(reverse("wagtailadmin_choose_page_child", args=[own["place"].pk])))
    assert "Walsall surgery" in inside and "Walsall Watch" in inside
    for page in (dudley.root_page, other["place"], other["newsletter"], dudley_draft):
        assert client.get(reverse("wagtailadmin_choose_page_child", args=[page.pk])).status_code == 404
    # Opened for posts only, Wagtail would start at Dudley's newsletter (the page above every post).
    posts_only = client.get(
        reverse("wagtailadmin_choose_page"), {"page_type": "newsletters.postpage"}, follow=True
    )
    assert "Dudley" not in chooser_text(posts_only)

    search = reverse("wagtailadmin_choose_page_search")
    found = {page.pk for page in client.get(search, {"q": "surgery"}).context["pages"]}
    assert own["surgery"].pk in found and other["surgery"].pk not in found
    for words in ("Dudley", "summer fair"):
        assert list(client.get(search, {"q": words}).context["pages"]) == []

    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    assert client.get(chosen, {"id": own["surgery"].pk}).status_code == 200
    assert client.get(chosen, {"id": [own["surgery"].pk, other["surgery"].pk]}).status_code == 404
    assert client.get(chosen, {"id": dudley_draft.pk}).status_code == 404


@pytest.mark.search_index
def test_a_network_admin_chooses_from_every_town(people, towns, dudley_draft, dudley):
    client = logged_in(people["admin"])
    assert "Dudley" in chooser_text(client.get(reverse("wagtailadmin_choose_page")))
    assert "Dudley surgery" in chooser_text(
        client.get(reverse("wagtailadmin_choose_page_child", args=[towns["other"]["place"].pk]))
    )
    found = {
        page.pk
        for page in client.get(reverse("wagtailadmin_choose_page_search"), {"q": "summer fair"}).context[
            "pages"
        ]
    }
    assert dudley_draft.pk in found
    posts_only = client.get(reverse("wagtailadmin_choose_page"), {"page_type": "newsletters.postpage"})
    assert DRAFT_TITLE in chooser_text(posts_only)


@pytest.mark.search_index
@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_the_admin_page_search_and_the_admin_api_find_only_the_organisers_own_town(
    people, towns, dudley_draft, role
):
    client = logged_in(people[role])
    search = reverse("wagtailadmin_pages:search")
    found = {page.pk for page in client.get(search, {"q": "surgery"}).context["pages"]}
    api = {
        item["id"]
        for item in client.get("/admin/api/main/pages/", {"search": "surgery", "limit": 20}).json()["items"]
    }
    drafts = {page.pk for page in client.get(search, {"q": "summer fair"}).context["pages"]}
    api_drafts = client.get("/admin/api/main/pages/", {"search": "summer fair"}).json()["items"]
    assert towns["own"]["surgery"].pk in found and towns["own"]["surgery"].pk in api
    if role == "organiser":
        assert towns["other"]["surgery"].pk not in found | api
        assert drafts == set() and api_drafts == []
        child_of = client.get("/admin/api/main/pages/", {"child_of": towns["other"]["place"].pk})
        assert child_of.status_code in (400, 404) or child_of.json()["items"] == []
    else:
        assert towns["other"]["surgery"].pk in found and towns["other"]["surgery"].pk in api
        assert dudley_draft.pk in drafts


@pytest.fixture
def files(walsall, dudley):
    """A picture and a document in each town's collection (add_town gives its organisers only theirs)."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from cms.demo import make_image

    made = {}
    for which, town in (("own", walsall), ("other", dudley)):
        made[which] = {
            "image": make_image(f"{town.name} market photo", "Stalls on the high street.", town.collection),
            "document": get_document_model().objects.create(
                title=f"{town.name} minutes",
                collection=town.collection,
                file=ContentFile(b"minutes", name=f"{town.slug}-minutes.txt"),
            ),
        }
    return made


def file_listings(files):
    other_collection = files["other"]["image"].collection_id
    return {
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "image chooser search": reverse("wagtailimages_chooser:choose_results") + "?q=market",
        "image chooser, other town's collection": reverse("wagtailimages_chooser:choose_results")
        + f"?collection_id={other_collection}",
        "images": reverse("wagtailimages:index"),
        "images api": "/admin/api/main/images/",
        "document chooser": reverse("wagtaildocs_chooser:choose"),
        "document chooser search": reverse("wagtaildocs_chooser:choose_results") + "?q=minutes",
        "documents": reverse("wagtaildocs:index"),
        "documents api": "/admin/api/main/documents/",
    }


@pytest.mark.search_index
@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_choosers_and_listings_of_files_show_the_organiser_their_own_towns_collection(people, files, role):
    client = logged_in(people[role])
    shown = {}
    for view, url in file_listings(files).items():
        response = client.get(url)
        assert response.status_code == 200, (view, response.status_code)
        page = text(response)
        if response["Content-Type"] == "application/json":
            page = response.json().get("html", page)  # a chooser modal: its HTML inside the JSON

        shown[view] = {town for town in ("Walsall", "Dudley") if f"{town} m" in page}
    if role == "organiser":
        assert {view: towns for view, towns in shown.items() if "Dudley" in towns} == {}
        assert all("Walsall" in towns for view, towns in shown.items() if "collection" not in view)
    else:
        assert all("Dudley" in towns for towns in shown.values())


def test_the_organiser_cannot_choose_or_edit_the_other_towns_files(people, files):
    client = logged_in(people["organiser"])
    for which, expected in (("own", "allowed"), ("other", "refused")):
        image, document = files[which]["image"], files[which]["document"]
        urls = {
            "image chosen": reverse("wagtailimages_chooser:chosen", args=[image.pk]),
            "image edit": reverse("wagtailimages:edit", args=[image.pk]),
            "document chosen": reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
            "document edit": reverse("wagtaildocs:edit", args=[document.pk]),
        }
        assert {view: verdict(client.get(url)) for view, url in urls.items()} == dict.fromkeys(urls, expected)


# --- An organiser who is also one of the network's helpers -------------------------------------
# The "Surgery helpers" group is the network's: helpers help at any town's surgery and log it
# (add_town makes no helpers group per town; one registration helps across the network). A
# person's rights are what all their groups give, so an organiser of Walsall who is also a
# helper sees the whole help log, as every helper does; Walsall's organisers' group alone never
# shows them Dudley's entries. Decided on purpose: scoping them would give an organiser who helps
# less than a helper who does not organise.


def test_an_organiser_who_is_also_a_network_helper_sees_the_whole_help_log(people, towns):
    organiser = people["organiser"]
    client = logged_in(organiser)
    assert "Dudley Helped" not in text(client.get(reverse("handover_help_log:index")))
    organiser.groups.add(helpers_group())
    client = logged_in(organiser)
    page = text(client.get(reverse("handover_help_log:index")))
    assert "Dudley Helped" in page and "Walsall Helped" in page


# --- Authors of posts: each town's own ---------------------------------------------------------
# An author belongs to a part of the page tree (their town, newsletters/authors.py). Walsall's
# organisers list, edit, delete and choose Walsall's authors, never Dudley's, in the snippet views,
# the snippet chooser, bulk actions and the post editor's author list. Snippets are not in the
# admin API (its endpoints are pages, images and documents), so there is nothing of theirs to leak.


@pytest.fixture
def authors(towns, walsall, dudley):
    from newsletters.models import Author

    return {
        "own": Author.objects.create(
            name="Walsall Writer", slug="walsall-writer", town_page=walsall.root_page
        ),
        "other": Author.objects.create(
            name="Dudley Writer", slug="dudley-writer", town_page=dudley.root_page
        ),
    }


def author_urls(author):
    args = [author.pk]
    return {
        "edit": reverse("wagtailsnippets_newsletters_author:edit", args=args),
        "delete": reverse("wagtailsnippets_newsletters_author:delete", args=args),
        "copy": reverse("wagtailsnippets_newsletters_author:copy", args=args),
        "history": reverse("wagtailsnippets_newsletters_author:history", args=args),
        "usage": reverse("wagtailsnippets_newsletters_author:usage", args=args),
        "chosen": reverse("wagtailsnippetchoosers_newsletters_author:chosen", args=args),
        "bulk delete": reverse("wagtail_bulk_action", args=["newsletters", "author", "delete"])
        + f"?id={author.pk}",
    }


def author_verdict(view, response):
    if view == "bulk delete":
        # Wagtail's bulk-action screen answers 200 and lists what the person may not delete apart.
        assert response.status_code == 200
        return "allowed" if response.context["items"] else "refused"
    return verdict(response)


def test_an_organiser_lists_and_chooses_only_their_own_towns_authors(people, authors):
    listings = {
        "authors": reverse("wagtailsnippets_newsletters_author:list"),
        "authors search": reverse("wagtailsnippets_newsletters_author:list") + "?q=Writer",
        "author chooser": reverse("wagtailsnippetchoosers_newsletters_author:choose"),
        "author chooser search": reverse("wagtailsnippetchoosers_newsletters_author:choose_results")
        + "?q=Writer",
    }
    for role, shown in (("organiser", {"Walsall"}), ("admin", {"Walsall", "Dudley"})):
        client = logged_in(people[role])
        for view, url in listings.items():
            response = client.get(url)
            assert response.status_code == 200, (role, view)
            page = text(response)
            if response["Content-Type"] == "application/json":
                page = response.json().get("html", page)
            assert {town for town in ("Walsall", "Dudley") if f"{town} Writer" in page} == shown, (role, view)


@pytest.mark.parametrize("which", ["own", "other"])
def test_every_view_of_the_other_towns_author_is_refused_and_the_own_allowed(people, authors, which):
    client = logged_in(people["organiser"])
    found = {view: author_verdict(view, client.get(url)) for view, url in author_urls(authors[which]).items()}
    assert found == dict.fromkeys(found, "allowed" if which == "own" else "refused")

    admin = logged_in(people["admin"])
    found = {view: author_verdict(view, admin.get(url)) for view, url in author_urls(authors[which]).items()}
    assert found == dict.fromkeys(found, "allowed")


def test_the_organiser_cannot_change_or_delete_the_other_towns_author(people, authors):
    from newsletters.models import Author

    client = logged_in(people["organiser"])
    other = authors["other"]
    form = {"name": "Changed", "slug": "changed", "bio": "", "town_page": other.town_page_id}
    assert verdict(client.post(author_urls(other)["edit"], form)) == "refused"
    assert verdict(client.post(author_urls(other)["delete"])) == "refused"
    client.post(author_urls(other)["bulk delete"])
    other.refresh_from_db()
    assert other.name == "Dudley Writer"

    # Their own town's author they may delete (add_town gives organisers that permission).
    assert client.post(author_urls(authors["own"])["delete"]).status_code == 302
    assert not Author.objects.filter(pk=authors["own"].pk).exists()


def test_a_new_author_belongs_to_the_organisers_town(people, authors, walsall, dudley):
    from newsletters.models import Author

    client = logged_in(people["organiser"])
    add = reverse("wagtailsnippets_newsletters_author:add")
    offered = client.get(add).context["form"].fields["town_page"].queryset
    assert list(offered) == [walsall.root_page]

    form = {"name": "Maureen Lewis", "slug": "maureen-lewis", "bio": "", "town_page": dudley.root_page.pk}
    response = client.post(add, form)
    assert response.status_code == 200 and "town_page" in response.context["form"].errors
    assert not Author.objects.filter(slug="maureen-lewis").exists()

    response = client.post(add, {**form, "town_page": walsall.root_page.pk})
    assert response.status_code == 302
    assert Author.objects.get(slug="maureen-lewis").town_page_id == walsall.root_page_id


def test_the_post_editor_offers_the_organiser_their_own_towns_authors(people, authors, towns):
    from newsletters.models import Author, PostPage

    network_wide = Author.objects.create(name="Network Writer", slug="network-writer")
    post = PostPage(title="Walsall news", slug="news", date=datetime.date(2030, 6, 1))
    towns["own"]["newsletter"].add_child(instance=post)
    post.save_revision()
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    add = reverse("wagtailadmin_pages:add", args=["newsletters", "postpage", towns["own"]["newsletter"].pk])

    client = logged_in(people["organiser"])
    for url in (edit, add):
        offered = set(client.get(url).context["form"].fields["authors"].queryset)
        assert offered == {authors["own"], network_wide}, url
    page = text(client.get(edit))
    assert "Walsall Writer" in page and "Dudley Writer" not in page

    admin = logged_in(people["admin"])
    assert set(admin.get(edit).context["form"].fields["authors"].queryset) == {
        authors["own"],
        authors["other"],
        network_wide,
    }


def test_existing_authors_are_filed_under_the_page_above_their_posts(people, towns):
    """What migration 0012 does to authors made before towns: each goes to the town they wrote in."""
    import importlib

    from django.apps import apps

    from newsletters.models import Author, PostPage

    migration = importlib.import_module("newsletters.migrations.0012_authors_belong_to_a_town")
    local = Author.objects.create(name="Walsall Regular", slug="walsall-regular")
    travelling = Author.objects.create(name="Travelling Writer", slug="travelling-writer")
    silent = Author.objects.create(name="Silent Writer", slug="silent-writer")
    for which, number in (("own", 1), ("own", 2), ("other", 3)):
        post = PostPage(title=f"Post {number}", slug=f"post-{number}", date=datetime.date(2030, 1, number))
        towns[which]["newsletter"].add_child(instance=post)
        post.authors.set([travelling, *([local] if which == "own" else [])])
        post.save()

    migration.file_authors_under_their_publications(apps, None)

    for author in (local, travelling, silent):
        author.refresh_from_db()
    assert local.town_page_id == towns["own"]["newsletter"].pk
    assert travelling.town_page_id is None and silent.town_page_id is None
    page = text(logged_in(people["organiser"]).get(reverse("wagtailsnippets_newsletters_author:list")))
    assert "Walsall Regular" in page and "Travelling Writer" not in page


def test_an_organiser_adds_and_chooses_facilities_but_cannot_rename_one_every_town_uses(people, towns):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    from home.models import Facility

    wifi = Facility.objects.create(name="Bike racks", description="By the door")
    client = logged_in(people["organiser"])
    edit_url = AdminURLFinder().get_edit_url(wifi)
    assert verdict(client.get(edit_url)) == "refused"
    assert verdict(client.post(edit_url, {"name": "Wendy's Wi-Fi", "description": ""})) == "refused"
    wifi.refresh_from_db()
    assert wifi.name == "Bike racks"

    chooser = client.get(reverse("wagtailsnippetchoosers_home_facility:choose"))
    assert chooser.status_code == 200 and "Bike racks" in chooser.content.decode()
    add_url = reverse("wagtailsnippets_home_facility:add")
    assert client.post(add_url, {"name": "Hearing loop in the hall", "description": ""}).status_code == 302
    assert Facility.objects.filter(name="Hearing loop in the hall").exists()
