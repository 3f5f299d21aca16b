import io

from django.core.management import call_command

from wagtail.models import Page

import pytest

from home.models import HomePage, PlacePage, StandardPage

pytestmark = pytest.mark.django_db


def demo_urls():
    return [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]


def test_demo_builds_a_town_with_nested_places_and_plain_pages(demo_site):
    places = PlacePage.objects.live()
    assert {"Kingstanding", "Central Birmingham", "Digbeth", "Wednesfield"} <= set(
        places.values_list("title", flat=True)
    )
    digbeth = places.get(title="Digbeth")
    assert digbeth.get_parent().title == "Central Birmingham"
    assert {"About", "Privacy", "Accessibility"} <= set(
        StandardPage.objects.filter(locale=demo_site.locale).values_list("title", flat=True)
    )


def test_running_the_demo_again_changes_nothing(demo_site, tmp_path):
    login = tmp_path / "demo-login"
    before_pages, before_login = Page.objects.count(), login.read_text()
    out = io.StringIO()
    call_command("load_demo", login_file=str(login), stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Page.objects.count() == before_pages
    assert login.read_text() == before_login
    assert HomePage.objects.filter(locale=demo_site.locale).count() == 1


def test_demo_login_is_generated_and_works(demo_site, tmp_path, client):
    username, password = (
        line.split(": ", 1)[1] for line in (tmp_path / "demo-login").read_text().splitlines()
    )
    assert len(password) >= 12
    assert client.login(username=username, password=password)
    assert client.get("/admin/").status_code == 200


def test_every_demo_page_renders_and_sets_no_cookie_for_an_anonymous_reader(demo_site, client):
    urls = demo_urls()
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "public" in response["Cache-Control"], url


def test_pages_take_lang_and_dir_from_their_locale(demo_site, client):
    english = client.get("/about/").content.decode()
    urdu = client.get("/ur/about/").content.decode()
    assert '<html lang="en-gb" dir="ltr">' in english
    assert '<html lang="ur" dir="rtl">' in urdu
    assert 'hreflang="ur" href="http://testserver/ur/about/"' in english
    assert 'hreflang="en-gb" href="http://testserver/about/"' in urdu


def test_demo_has_three_centres_in_different_places_with_everything_filled_in(demo_site):
    from home.models import CommunityCentrePage

    centres = CommunityCentrePage.objects.live().filter(locale=demo_site.locale)
    assert {
        "Kingstanding Community Centre",
        "Digbeth Community Hub",
        "Handsworth Village Hall",
    } <= set(centres.values_list("title", flat=True))
    assert len({centre.get_parent().pk for centre in centres}) >= 3
    for centre in centres:
        assert centre.rooms.exists(), centre
        assert all(room.photos.exists() for room in centre.rooms.all()), centre
        assert centre.opening_hours.exists(), centre
        assert centre.opening_hours_exceptions.exists(), centre
        assert centre.activities.exists(), centre


def test_demo_centre_pages_render_with_their_json_ld(demo_site, client):
    from home.models import CommunityCentrePage

    for centre in CommunityCentrePage.objects.live().filter(locale=demo_site.locale):
        html = client.get(centre.url).content.decode()
        assert '"@type": "CivicStructure"' in html, centre
        assert "Ask about hiring a room" in html, centre
