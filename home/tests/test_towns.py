"""Towns: add_town and the admin form, two towns on two host names, scoped organisers, their look,
and the remove/restore round trip."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

import pytest

from cms.demo import make_image
from home.models import HomePage, PlacePage, SiteSettings, StandardPage, Town
from home.queries import towns

from .conftest import DUDLEY, WALSALL, add_town, organiser_of

pytestmark = pytest.mark.django_db


def test_add_town_creates_its_site_settings_starter_pages_group_and_collection(walsall):
    home = walsall.root_page.specific
    assert isinstance(home, HomePage) and home.live
    assert walsall.site.hostname == WALSALL and walsall.site.root_page_id == home.pk
    settings = SiteSettings.for_site(walsall.site)
    assert settings.organisation_name == "Walsall"
    assert settings.primary_colour == "#7A1F5C"
    assert settings.helper_label == "volunteer"
    starters = {page.slug: page for page in home.get_children().specific()}
    assert set(starters) == {"about", "privacy", "accessibility", "surgeries"}
    assert not any(page.live for page in starters.values()), "starter pages wait as drafts"
    assert isinstance(starters["about"], StandardPage) and isinstance(starters["surgeries"], PlacePage)

    group = walsall.organisers
    assert group.name == "Walsall organisers"
    assert {row.page_id for row in GroupPagePermission.objects.filter(group=group)} == {home.pk}
    assert {row.permission.codename for row in GroupPagePermission.objects.filter(group=group)} >= {
        "add_page",
        "change_page",
        "publish_page",
    }
    assert [
        (row.site_id, row.permission.codename) for row in GroupSitePermission.objects.filter(group=group)
    ] == [(walsall.site_id, "change_sitesettings")]
    assert walsall.collection.name == "Walsall"
    assert {row.collection_id for row in GroupCollectionPermission.objects.filter(group=group)} == {
        walsall.collection_id
    }
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "change_author",
        "add_facility",
        "view_booking",
        "view_helprecord",
    } <= codenames
    assert not {"change_facility", "delete_facility"} & codenames  # one vocabulary for every town

    listed = towns()
    assert [(town.name, town.hostname, str(town.latitude)) for town in listed] == [
        ("Walsall", WALSALL, "52.58611")
    ]


def test_each_town_answers_on_its_own_host(client, walsall, dudley):
    walsall_page = client.get("/", HTTP_HOST=WALSALL)
    dudley_page = client.get("/", HTTP_HOST=DUDLEY)
    assert walsall_page.status_code == dudley_page.status_code == 200
    assert walsall_page.context["page"].pk == walsall.root_page_id
    assert dudley_page.context["page"].pk == dudley.root_page_id
    assert client.get("/", HTTP_HOST="network.example.org").context["page"].title == "Patchwork network"


def test_the_colour_and_footer_text_show_on_their_own_town_only(client, walsall, dudley):
    walsall_page = client.get("/", HTTP_HOST=WALSALL).content.decode()
    dudley_page = client.get("/", HTTP_HOST=DUDLEY).content.decode()
    assert "site-theme.css?v=7a1f5c" in walsall_page
    assert "site-theme.css" not in dudley_page
    assert "charity 1234567" in walsall_page and "charity 1234567" not in dudley_page
    assert "style=" not in walsall_page.split("<body")[0], "no inline style: the CSP forbids it"

    walsall_css = client.get("/site-theme.css?v=7a1f5c", HTTP_HOST=WALSALL)
    assert walsall_css["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f5c" in walsall_css.content.decode()
    assert "public" in walsall_css["Cache-Control"] and "immutable" in walsall_css["Cache-Control"]
    assert not walsall_css.cookies
    assert "#7a1f5c" not in client.get("/site-theme.css", HTTP_HOST=DUDLEY).content.decode()


def test_the_logo_shows_on_its_own_town_only(client, walsall, dudley):
    settings = SiteSettings.for_site(walsall.site)
    settings.logo = make_image("Walsall logo", "", collection=walsall.collection)
    settings.save()
    walsall_page = client.get("/", HTTP_HOST=WALSALL).content.decode()
    assert 'class="site-logo"' in walsall_page and 'alt=""' in walsall_page
    assert 'class="site-logo"' not in client.get("/", HTTP_HOST=DUDLEY).content.decode()


def test_a_low_contrast_colour_is_refused_with_its_ratio_and_nothing_is_created(network):
    before = (Site.objects.count(), Group.objects.count(), Page.objects.count(), Collection.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("add_town", "Walsall", "walsall", "--hostname", WALSALL, "--primary-colour", "#777777")
    assert "4.47:1" in str(refused.value) and "4.5:1" in str(refused.value)
    after = (Site.objects.count(), Group.objects.count(), Page.objects.count(), Collection.objects.count())
    assert after == before and not Town.objects.exists()


def test_site_settings_refuse_a_low_contrast_colour_in_the_admin(admin_client, walsall):
    url = f"/admin/settings/home/sitesettings/{walsall.site_id}/"
    form = admin_client.get(url).context["form"]
    data = dict.fromkeys(form.fields, "")
    data.update(
        organisation_name="Walsall",
        helper_label="volunteer",
        attendee_label="attendee",
        primary_colour="#ffcc00",
        **{"social_links-count": "0"},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "contrast ratio of 1.5" in response.content.decode()
    cache.clear()
    assert SiteSettings.for_site(walsall.site).primary_colour == "#7A1F5C"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Walsall Two", "walsall", "--hostname", "other.example.org"], "already a town with the short name"),
        (["Walsall Two", "walsall2", "--hostname", WALSALL], f"{WALSALL}:80 is already used"),
        (["Walsall Two", "walsall2", "--hostname", "bad host!"], "is not a host name"),
        (["Walsall Two", "walsall2"], "needs a host name"),
        (
            ["Walsall Two", "walsall2", "--hostname", "w2.example.org", "--primary-colour", "red"],
            "six letters",
        ),
        (
            ["Walsall", "walsall2", "--hostname", "w2.example.org"],
            "already a group called 'Walsall organisers'",
        ),
        (["Walsall Two", "walsall2", "--hostname", "w2.example.org", "--latitude", "52.5"], "both latitude"),
        (
            [
                "Walsall Two",
                "walsall2",
                "--hostname",
                "w2.example.org",
                "--latitude",
                "200",
                "--longitude",
                "1",
            ],
            "latitude",
        ),
        (["Aston", "aston", "--in-network", "--primary-colour", "#14532d"], "shares its look"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_half_created(walsall, args, message):
    before = (Site.objects.count(), Group.objects.count(), Page.objects.count(), Collection.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("add_town", *args)
    assert message in str(refused.value)
    after = (Site.objects.count(), Group.objects.count(), Page.objects.count(), Collection.objects.count())
    assert after == before and Town.objects.count() == 1


def test_a_town_inside_the_network_is_a_place_with_permissions_on_that_place_only(network):
    town, _ = add_town("Aston", "aston", "--in-network")
    place = town.root_page.specific
    assert isinstance(place, PlacePage) and place.live and place.get_parent().pk == network.pk
    assert town.site is None
    assert {row.page_id for row in GroupPagePermission.objects.filter(group=town.organisers)} == {place.pk}


def test_an_organiser_edits_their_town_and_is_refused_the_other(client, walsall, dudley, django_user_model):
    client.force_login(organiser_of(walsall, django_user_model, "wendy"))
    assert client.get(f"/admin/pages/{walsall.root_page_id}/edit/").status_code == 200
    about = walsall.root_page.get_children().get(slug="about")
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/home/standardpage/{walsall.root_page_id}/").status_code == 200

    dudley_about = dudley.root_page.get_children().get(slug="about")
    for url in (
        f"/admin/pages/{dudley.root_page_id}/edit/",
        f"/admin/pages/{dudley_about.pk}/edit/",
        f"/admin/pages/add/home/standardpage/{dudley.root_page_id}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "/admin/" in response["Location"]
    assert client.get(f"/admin/settings/home/sitesettings/{walsall.site_id}/").status_code == 200
    refused = client.get(f"/admin/settings/home/sitesettings/{dudley.site_id}/")
    assert refused.status_code in (302, 403)
    explorer = client.get(f"/admin/pages/{walsall.root_page_id}/")
    assert explorer.status_code == 200
    assert "Dudley" not in client.get("/admin/pages/").content.decode()


def test_network_admins_add_a_town_in_the_admin_and_others_are_refused(
    admin_client, client, network, django_user_model
):
    page = admin_client.get("/admin/towns/add/")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/towns/add/",
        {"name": "Walsall", "slug": "walsall", "kind": "site", "hostname": WALSALL, "port": "80"},
    )
    assert response.status_code == 302
    town = Town.objects.get(slug="walsall")
    assert town.site.hostname == WALSALL
    assert "Walsall" in admin_client.get("/admin/towns/").content.decode()

    refused = admin_client.post(
        "/admin/towns/add/",
        {
            "name": "Walsall Two",
            "slug": "walsall2",
            "kind": "site",
            "hostname": WALSALL,
            "primary_colour": "#eeeeee",
        },
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "already used by another website" in text and "contrast ratio" in text
    assert Town.objects.count() == 1

    organiser = organiser_of(town, django_user_model, "wendy")
    client.force_login(organiser)
    assert client.get("/admin/towns/add/").status_code in (302, 403)
    assert client.post("/admin/towns/add/", {"name": "X", "slug": "x", "kind": "place"}).status_code in (
        302,
        403,
    )
    assert not Town.objects.filter(slug="x").exists()


def test_remove_town_takes_it_off_keeping_everything_and_restore_brings_it_back(
    client, walsall, dudley, django_user_model
):
    organiser = organiser_of(walsall, django_user_model, "wendy")
    about = walsall.root_page.get_children().get(slug="about").specific
    about.save_revision().publish()
    page_count = Page.objects.count()

    out = StringIO()
    call_command("remove_town", "walsall", stdout=out)
    assert "restore_town walsall" in out.getvalue()
    walsall.refresh_from_db()
    assert not walsall.is_active and [town.slug for town in towns()] == ["dudley"]
    assert Page.objects.count() == page_count, "nothing is deleted"
    assert not Page.objects.filter(pk__in=[walsall.root_page_id, about.pk], live=True).exists()
    assert Site.objects.filter(hostname=WALSALL).count() == 0
    response = client.get("/", HTTP_HOST=WALSALL)
    assert response.status_code == 404 or response.context["page"].pk != walsall.root_page_id
    client.force_login(organiser)
    assert client.get(f"/admin/pages/{walsall.root_page_id}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/settings/home/sitesettings/{walsall.site_id}/").status_code in (302, 403)
    assert client.get("/", HTTP_HOST=DUDLEY).status_code == 200

    with pytest.raises(CommandError, match="already removed"):
        call_command("remove_town", "walsall")

    call_command("restore_town", "walsall", stdout=StringIO())
    walsall.refresh_from_db()
    assert walsall.is_active and walsall.removed_state == {}
    assert Page.objects.get(pk=walsall.root_page_id).live and Page.objects.get(pk=about.pk).live
    draft_privacy = walsall.root_page.get_children().get(slug="privacy")
    assert not draft_privacy.live, "pages that were drafts stay drafts"
    assert client.get("/", HTTP_HOST=WALSALL).context["page"].pk == walsall.root_page_id
    assert client.get(f"/admin/pages/{walsall.root_page_id}/edit/").status_code == 200
    assert client.get(f"/admin/settings/home/sitesettings/{walsall.site_id}/").status_code == 200

    call_command("remove_town", "walsall", stdout=StringIO())
    call_command("remove_town", "walsall", "--undo", stdout=StringIO())
    walsall.refresh_from_db()
    assert walsall.is_active
    with pytest.raises(CommandError, match="not removed"):
        call_command("restore_town", "walsall")
    with pytest.raises(CommandError, match="no town"):
        call_command("remove_town", "nowhere")


def test_restore_refuses_while_another_website_holds_the_address_and_the_default_site_is_never_removed(
    walsall, network
):
    call_command("remove_town", "walsall", stdout=StringIO())
    squatter = Site.objects.create(hostname=WALSALL, port=80, root_page=network)
    with pytest.raises(CommandError, match=f"Another website now uses {WALSALL}:80"):
        call_command("restore_town", "walsall")
    walsall.refresh_from_db()
    assert not walsall.is_active and not walsall.root_page.live

    squatter.delete()
    call_command("restore_town", "walsall", stdout=StringIO())
    Site.objects.filter(pk=walsall.site_id).update(is_default_site=True)
    Site.objects.exclude(pk=walsall.site_id).update(is_default_site=False)
    with pytest.raises(CommandError, match="is the default one"):
        call_command("remove_town", "walsall")
    walsall.refresh_from_db()
    assert walsall.is_active and walsall.root_page.live


def test_anyone_given_can_add_town_may_add_one(client, network, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("nina", "nina@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="home", codename="add_town"),
    )
    client.force_login(user)
    assert client.get("/admin/towns/").status_code == 200
    response = client.post("/admin/towns/add/", {"name": "Aston", "slug": "aston", "kind": "place"})
    assert response.status_code == 302
    assert Town.objects.get(slug="aston").root_page.get_parent().pk == network.pk


def test_an_organiser_cannot_delete_their_towns_home(client, network, django_user_model):
    town, _ = add_town("Aston", "aston", "--in-network")
    client.force_login(organiser_of(town, django_user_model, "asha"))
    response = client.post(f"/admin/pages/{town.root_page_id}/delete/")
    assert response.status_code in (302, 403)
    assert Page.objects.filter(pk=town.root_page_id).exists() and Town.objects.filter(pk=town.pk).exists()
    child = town.root_page.add_child(instance=PlacePage(title="Lozells", slug="lozells"))
    assert client.post(f"/admin/pages/{child.pk}/delete/").status_code == 302
    assert not Page.objects.filter(pk=child.pk).exists(), "pages below the home are theirs to delete"
