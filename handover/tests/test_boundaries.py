"""A newcomer sees and changes only their own publication and pictures.

The matrix covers the admin views where Wagtail's own security advisories found
holes: edit, preview, history, revisions, copy, move, delete, translate, the
choosers and the admin API. Wagtail answers "not allowed" in the admin with a
redirect to the dashboard (and a message); anonymous people go to the login page.
"""

import io

from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest

from cms.demo import draw_street_scene
from cms.tests.rich_site import make_home_page, make_place
from cms.tests.shared_data import copy_for_the_test, kept_for_the_module
from handover.permissions import HELPERS_GROUP
from handover.setup import set_up_newcomer
from newsletters.models import PostPage

from .conftest import (
    make_admin,
    make_editor,
    make_helper,
    make_surgery,
    make_user,
    newcomer_details,
    set_up_maureen,
    with_password,
)

pytestmark = pytest.mark.django_db

ALLOWED, DENIED, NOT_FOUND = "allowed", "denied", "not found"
ROLES = ["newcomer", "helper", "editor", "admin"]


def set_up_other_group(place):
    """Another group, set up (with review) by another helper, Kim."""
    kim = make_user("kim", groups=[HELPERS_GROUP])
    details = newcomer_details(place, name="Pat Jones", email="", group_name="Elm Road Residents")
    details.review_first_posts = True
    return set_up_newcomer(details, kim)


def add_pictures(set_up):
    """One picture in the newcomer's own collection and one in the site's main collection."""
    image_model = get_image_model()

    def picture(title, collection):
        return image_model.objects.create(
            title=title,
            collection=collection,
            file=ImageFile(io.BytesIO(draw_street_scene(title, size=(40, 30))), name=f"{title}.png"),
        )

    return {
        "own": picture("Our street party", set_up.collection),
        "other": picture("Council press photo", Collection.get_first_root_node()),
    }


@pytest.fixture(scope="module")
def groups_and_people(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everyone in each role, Maureen's and Pat's groups set up and their pictures, built once for
    the module's tests (each test changes only its own copy, and its rows are rolled back)."""
    media = tmp_path_factory.mktemp("boundaries")
    with kept_for_the_module(django_db_blocker, media):
        home_page = make_home_page()
        place = make_place(home_page)
        surgery, helper = make_surgery(place), make_helper()
        set_up = set_up_maureen(place, surgery, helper)
        yield {
            "media": media,
            "home_page": home_page,
            "place": place,
            "surgery": surgery,
            "helper": helper,
            "editor": make_editor(),
            "admin_user": make_admin(),
            "set_up": set_up,
            "newcomer": with_password(set_up.newcomer),
            "other_group": set_up_other_group(place),
            "pictures": add_pictures(set_up),
        }


@pytest.fixture
def shared(groups_and_people, db, settings):
    return copy_for_the_test(groups_and_people, settings)


@pytest.fixture
def home_page(shared):
    return shared["home_page"]


@pytest.fixture
def place(shared):
    return shared["place"]


@pytest.fixture
def surgery(shared):
    return shared["surgery"]


@pytest.fixture
def helper(shared):
    return shared["helper"]


@pytest.fixture
def editor(shared):
    return shared["editor"]


@pytest.fixture
def admin_user(shared):
    return shared["admin_user"]


@pytest.fixture
def set_up(shared):
    return shared["set_up"]


@pytest.fixture
def newcomer(shared):
    return shared["newcomer"]


@pytest.fixture
def other_group(shared):
    return shared["other_group"]


@pytest.fixture
def pictures(shared):
    return shared["pictures"]


@pytest.fixture
def people(newcomer, helper, editor, admin_user):
    return {"newcomer": newcomer, "helper": helper, "editor": editor, "admin": admin_user}


@pytest.fixture
def posts(set_up, other_group):
    """Maureen's own starter draft, and another group's (Pat's) draft."""
    return {
        "own": PostPage.objects.child_of(set_up.publication).get(),
        "other": PostPage.objects.child_of(other_group.publication).get(),
    }


def page_urls(post):
    revision = post.latest_revision_id
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=[post.pk]),
        "preview": reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk]),
        "view draft": reverse("wagtailadmin_pages:view_draft", args=[post.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[post.pk]),
        "revision": reverse("wagtailadmin_pages:revisions_view", args=[post.pk, revision]),
        "compare": reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, "earliest", revision]),
        "copy": reverse("wagtailadmin_pages:copy", args=[post.pk]),
        "move": reverse("wagtailadmin_pages:move", args=[post.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[post.pk]),
        "translate": reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
        "admin api": f"/admin/api/main/pages/{post.pk}/",
    }


# What each role may do to a post in the newcomer's own publication, and in another group's.
OWN_POST = {
    "newcomer": ALLOWED,
    "helper": DENIED,  # helpers draft their own pages; they review newcomers' posts only through a workflow
    "editor": ALLOWED,
    "admin": ALLOWED,
}
OTHER_POST = {"newcomer": DENIED, "helper": DENIED, "editor": ALLOWED, "admin": ALLOWED}
# Exceptions to the rows above.
SPECIAL = {
    ("own", "translate", "newcomer"): DENIED,  # translating needs wagtail_localize's permission
    ("own", "admin api", "helper"): ALLOWED,  # helpers may browse the tree (titles only)
    ("other", "admin api", "helper"): ALLOWED,
    ("other", "admin api", "newcomer"): NOT_FOUND,  # not even the title of another group's draft
}

ACTIONS = ["edit", "preview", "view draft", "history", "revision", "compare", "copy", "move", "delete"]
ACTIONS += ["translate", "admin api"]


def expected_outcome(which, action, role):
    return SPECIAL.get((which, action, role), (OWN_POST if which == "own" else OTHER_POST)[role])


def outcome(response):
    if response.status_code == 200:
        return ALLOWED
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    ):
        return DENIED
    return f"unexpected {response.status_code} {response.get('Location', '')}"


def assert_outcome(response, expected):
    assert outcome(response) == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
def test_page_actions(people, posts, which, role):
    """Every action in the matrix for one role on one post; all mismatches are reported together."""
    client = Client()
    client.force_login(people[role])
    urls = page_urls(posts[which])
    found = {action: outcome(client.get(urls[action])) for action in ACTIONS}
    assert found == {action: expected_outcome(which, action, role) for action in ACTIONS}


@pytest.mark.parametrize("action", ["edit", "preview", "history", "compare", "copy", "delete", "translate"])
def test_anonymous_people_are_sent_to_log_in(client, posts, action):
    response = client.get(page_urls(posts["own"])[action])
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_a_newcomer_cannot_delete_move_or_unpublish_their_whole_publication(
    newcomer, set_up, place, home_page
):
    """Wagtail would allow it with "change" permission; our hooks stop it and explain."""
    client = Client()
    client.force_login(newcomer)
    publication = set_up.publication
    welcome = reverse("handover_newcomers:welcome")
    attempts = [
        reverse("wagtailadmin_pages:delete", args=[publication.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[publication.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[publication.pk, home_page.pk]),
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={publication.pk}",
    ]
    # Confirmation screens may show; the action itself (a POST) is refused.
    for url in attempts:
        response = client.post(url)
        assert response.status_code == 302, url
        if "/bulk/" not in url:  # bulk delete leaves out pages with posts before our hook is asked
            assert response.url in (welcome, reverse("wagtailadmin_home")), url
    publication.refresh_from_db()
    assert publication.live and publication.get_parent().pk == place.pk


def test_a_newcomer_may_delete_their_own_post(newcomer, set_up):
    post = PostPage.objects.child_of(set_up.publication).get()
    client = Client()
    client.force_login(newcomer)
    client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    assert not PostPage.objects.filter(pk=post.pk).exists()


ADMIN_AREAS = {
    # area: {role: expected}
    "/admin/users/": {"newcomer": DENIED, "helper": DENIED, "editor": DENIED, "admin": ALLOWED},
    "/admin/groups/": {"newcomer": DENIED, "helper": DENIED, "editor": DENIED, "admin": ALLOWED},
    "/admin/help_log/": {"newcomer": DENIED, "helper": ALLOWED, "editor": DENIED, "admin": ALLOWED},
    "/admin/handover/newcomer/": {"newcomer": DENIED, "helper": ALLOWED, "editor": DENIED, "admin": ALLOWED},
}


@pytest.mark.parametrize(("url", "role"), [(url, role) for url in ADMIN_AREAS for role in ROLES])
def test_admin_areas(people, set_up, url, role):
    client = Client()
    client.force_login(people[role])
    assert_outcome(client.get(url), ADMIN_AREAS[url][role])


@pytest.mark.parametrize("role", ROLES)
def test_site_settings(people, demo_site_settings_url, role):
    client = Client()
    client.force_login(people[role])
    response = client.get(demo_site_settings_url)
    if role == "admin":
        assert response.status_code in (200, 302) and response.get("Location", "") != reverse(
            "wagtailadmin_home"
        )
    else:
        assert_outcome(response, DENIED)


@pytest.fixture
def demo_site_settings_url(home_page):
    return reverse("wagtailsettings:edit", args=["home", "sitesettings"])


@pytest.mark.parametrize("role", ROLES)
def test_bookings(people, surgery, set_up, role):
    """Who booked a surgery is for its organisers and editors, never for newcomers."""
    url = reverse("surgeries_bookings:surgery", args=[surgery.pk])
    client = Client()
    client.force_login(people[role])
    expected = ALLOWED if role in ("editor", "admin") else DENIED
    assert_outcome(client.get(url), expected)
    assert not people["newcomer"].has_perm("surgeries.view_booking")


@pytest.mark.parametrize(("which", "expected"), [("own", ALLOWED), ("other", DENIED)])
def test_a_newcomer_sees_only_their_own_subscribers(newcomer, set_up, other_group, which, expected):
    """Readers' email addresses are the most private thing a newcomer could stumble on."""
    publication = {"own": set_up.publication, "other": other_group.publication}[which]
    url = reverse("subscriptions_subscribers:newsletter", args=[publication.pk])
    client = Client()
    client.force_login(newcomer)
    assert_outcome(client.get(url), expected)


@pytest.mark.parametrize("role", ROLES)
def test_image_chooser_shows_only_their_own_pictures(people, pictures, role):
    client = Client()
    client.force_login(people[role])
    response = client.get(reverse("wagtailimages_chooser:choose"))
    html = response.content.decode()
    assert response.status_code == 200
    if role == "newcomer":
        assert "Our street party" in html and "Council press photo" not in html
    elif role == "helper":
        assert "Our street party" not in html and "Council press photo" not in html
    else:
        assert "Our street party" in html and "Council press photo" in html


@pytest.mark.parametrize(("which", "expected"), [("own", ALLOWED), ("other", DENIED)])
def test_a_newcomer_edits_only_their_own_pictures(newcomer, pictures, which, expected):
    client = Client()
    client.force_login(newcomer)
    response = client.get(reverse("wagtailimages:edit", args=[pictures[which].pk]))
    assert_outcome(response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_document_chooser(people, set_up, role):
    from django.core.files.base import ContentFile

    get_document_model().objects.create(
        title="Committee minutes", file=ContentFile(b"minutes", name="minutes.txt")
    )
    client = Client()
    client.force_login(people[role])
    response = client.get(reverse("wagtaildocs_chooser:choose"))
    html = response.content.decode()
    if role in ("newcomer", "helper"):
        assert response.status_code in (200, 302, 403)
        assert "Committee minutes" not in html
    else:
        assert "Committee minutes" in html


@pytest.mark.parametrize("role", ROLES)
def test_no_form_submissions_screen(people, set_up, role):
    """The site has no form pages, so no role finds a screen of other people's form entries."""
    client = Client()
    client.force_login(people[role])
    assert client.get("/admin/forms/").status_code == 404


def test_the_reviewing_helper_may_edit_and_preview_the_posts_they_review(posts, other_group):
    kim = other_group.helper
    client = Client()
    client.force_login(kim)
    urls = page_urls(posts["other"])
    assert {action: outcome(client.get(urls[action])) for action in ("edit", "preview", "history")} == {
        "edit": ALLOWED,
        "preview": ALLOWED,
        "history": ALLOWED,
    }
    assert outcome(client.get(page_urls(posts["own"])["edit"])) == DENIED


def test_admin_api_listing_hides_other_groups_drafts(newcomer, posts):
    client = Client()
    client.force_login(newcomer)
    ids = {item["id"] for item in client.get("/admin/api/main/pages/?limit=20").json()["items"]}
    assert posts["own"].pk in ids
    assert posts["other"].pk not in ids


@pytest.mark.search_index
def test_page_chooser_hides_other_groups_drafts(newcomer, editor, posts):
    client = Client()
    client.force_login(newcomer)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "first post"})
    ids = {page.pk for page in response.context["pages"]}
    assert posts["own"].pk in ids and posts["other"].pk not in ids

    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "first post"})
    assert {page.pk for page in response.context["pages"]} >= {posts["own"].pk, posts["other"].pk}


# --- Views that show more than one section -----------------------------------
# Each shows pages, files or people from the whole site unless it is closed off.

OTHER_DRAFT_TITLE = "Pat's plans for the summer fete"
# What a newcomer must never see: another group's draft, files outside their folder,
# and other people's names (their own helper, Sam, is fine).
NOT_FOR_NEWCOMERS = [OTHER_DRAFT_TITLE, "Council press photo", "Committee minutes", "Kim", "Pat Jones"]


@pytest.fixture
def whole_site(posts, pictures, set_up):
    """Another group's draft with its own title, and a document only editors may use."""
    from django.core.files.base import ContentFile

    PostPage.objects.filter(pk=posts["other"].pk).update(
        title=OTHER_DRAFT_TITLE, draft_title=OTHER_DRAFT_TITLE
    )
    get_document_model().objects.create(
        title="Committee minutes", file=ContentFile(b"minutes", name="minutes.txt")
    )
    return posts


def bulk_url(action, page):
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}"


def whole_site_urls(posts):
    own, other = posts["own"], posts["other"]
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    return {
        "images api": "/admin/api/main/images/",
        "documents api": "/admin/api/main/documents/",
        "choose page: own publication": reverse("wagtailadmin_choose_page_child", args=[own.get_parent().pk]),
        "choose page: other draft": reverse("wagtailadmin_choose_page_child", args=[other.pk]),
        "chosen: other draft": f"{chosen}?id={other.pk}",
        "bulk delete: own post": bulk_url("delete", own),
        "bulk delete: other draft": bulk_url("delete", other),
        "bulk publish: other draft": bulk_url("publish", other),
        "bulk move: other draft": bulk_url("move", other),
        "page types report": reverse("wagtailadmin_reports:page_types_usage"),
        "site history report": reverse("wagtailadmin_reports:site_history"),
        "aging pages report": reverse("wagtailadmin_reports:aging_pages"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "workflow tasks report": reverse("wagtailadmin_reports:workflow_tasks"),
    }


EVERYONE = dict.fromkeys(ROLES, ALLOWED)
WHOLE_SITE_VIEWS = {
    # view: {role: expected}. The APIs answer everyone, listing only what each may choose.
    "images api": EVERYONE,
    "documents api": EVERYONE,
    "choose page: own publication": EVERYONE,
    "choose page: other draft": {**EVERYONE, "newcomer": NOT_FOUND},
    "chosen: other draft": {**EVERYONE, "newcomer": NOT_FOUND},
    "bulk delete: own post": EVERYONE,
    # Helpers and editors see the confirmation (it says what they may not do); newcomers do not.
    "bulk delete: other draft": {**EVERYONE, "newcomer": DENIED},
    "bulk publish: other draft": {**EVERYONE, "newcomer": DENIED},
    "bulk move: other draft": {**EVERYONE, "newcomer": DENIED},
    "page types report": {**EVERYONE, "newcomer": DENIED},
    "site history report": {**EVERYONE, "newcomer": DENIED},
    "aging pages report": {**EVERYONE, "newcomer": DENIED},
    "workflow report": {**EVERYONE, "newcomer": DENIED},
    "workflow tasks report": {**EVERYONE, "newcomer": DENIED},
}


@pytest.mark.parametrize("role", ROLES)
def test_views_across_the_whole_site(people, whole_site, role):
    """Every whole-site view for one role; all mismatches are reported together."""
    client = Client()
    client.force_login(people[role])
    urls = whole_site_urls(whole_site)
    responses = {view: client.get(url) for view, url in urls.items()}
    found = {view: outcome(response) for view, response in responses.items()}
    assert found == {view: WHOLE_SITE_VIEWS[view][role] for view in urls}
    if role == "newcomer":
        shown = {
            view: [secret for secret in NOT_FOR_NEWCOMERS if secret in response.content.decode()]
            for view, response in responses.items()
        }
        assert shown == {view: [] for view in urls}


@pytest.mark.parametrize(
    ("role", "images", "documents"),
    [
        ("newcomer", {"Our street party"}, set()),
        ("helper", set(), set()),
        ("editor", {"Our street party", "Council press photo"}, {"Committee minutes"}),
        ("admin", {"Our street party", "Council press photo"}, {"Committee minutes"}),
    ],
)
def test_the_admin_api_lists_only_files_each_person_may_choose(people, whole_site, role, images, documents):
    client = Client()
    client.force_login(people[role])
    for url, expected in (("/admin/api/main/images/", images), ("/admin/api/main/documents/", documents)):
        assert {item["title"] for item in client.get(url).json()["items"]} == expected, url


def test_a_newcomer_cannot_open_another_groups_picture_through_the_admin_api(newcomer, pictures):
    client = Client()
    client.force_login(newcomer)
    assert client.get(f"/admin/api/main/images/{pictures['other'].pk}/").status_code == 404
    assert client.get(f"/admin/api/main/images/{pictures['own'].pk}/").status_code == 200


def test_a_newcomer_still_bulk_publishes_their_own_posts(newcomer, set_up):
    post = PostPage.objects.child_of(set_up.publication).get()
    client = Client()
    client.force_login(newcomer)
    response = client.post(bulk_url("publish", post) + f"&next={reverse('wagtailadmin_home')}")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
