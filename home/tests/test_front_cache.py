"""The front cache forgets a centre page when its dated hours change, and the site when its settings do."""

import datetime

from django.test import RequestFactory

import pytest

from cms.front_cache import urls_showing
from cms.tests.front_cache_recorder import recorder
from home.models import OpeningHoursException, SiteSettings

pytestmark = pytest.mark.django_db

CENTRE = "http://testserver/kingstanding/kingstanding-community-centre/"


@pytest.fixture
def purged_by(settings, django_capture_on_commit_callbacks):
    return recorder(settings, django_capture_on_commit_callbacks)


def test_a_new_hours_exception_purges_the_centre_page(purged_by, centre):
    exception = OpeningHoursException(
        page=centre, starts_on=datetime.date(2030, 5, 6), reason="Bank holiday", closed=True
    )
    assert CENTRE in purged_by(exception.save)
    assert CENTRE in purged_by(exception.delete)


def test_publishing_a_centre_purges_it_and_the_places_above(centre):
    urls = urls_showing(centre)
    assert {CENTRE, "http://testserver/kingstanding/", "http://testserver/"} <= urls


def test_centre_pages_are_kept_briefly_by_shared_caches_while_other_pages_are_kept_for_hours(
    client, centre, settings
):
    settings.PUBLIC_CACHE_S_MAXAGE = 6 * 60 * 60
    assert "s-maxage=300" in client.get(centre.url)["Cache-Control"]
    assert "s-maxage=21600" in client.get("/kingstanding/")["Cache-Control"]


def test_changing_the_site_settings_empties_the_front_cache_for_the_site(
    settings, centre, django_capture_on_commit_callbacks, monkeypatch
):
    from cms import front_cache

    banned = []
    monkeypatch.setattr(front_cache, "ban_site", banned.append)
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}
    site_settings = SiteSettings.for_request(RequestFactory().get("/"))
    site_settings.organisation_name = "Kingstanding Together"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert [site.pk for site in banned] == [site_settings.site_id]


@pytest.mark.reference_index
@pytest.mark.parametrize("change", ["new file", "deleted"])
def test_changing_or_deleting_the_sites_logo_picture_empties_the_front_cache_for_the_site(
    change, settings, centre, picture, django_capture_on_commit_callbacks, monkeypatch
):
    """The logo is on every page; a new file or a deletion removes the renditions cached pages name."""
    from cms import front_cache

    site_settings = SiteSettings.for_request(RequestFactory().get("/"))
    site_settings.logo = picture
    site_settings.save()
    banned = []
    monkeypatch.setattr(front_cache, "ban_site", banned.append)
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        if change == "deleted":
            picture.delete()
        else:
            picture.file.save("kings-road-again.png", picture.file.file, save=False)
            picture.save()
    assert [site.pk for site in banned] == [site_settings.site_id]
