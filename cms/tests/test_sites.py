"""Which website a request is for: one answer for listings, feeds, the admin and emails."""

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Site

import pytest

from cms.sites import base_url, request_site, site_root


def test_links_in_emails_start_with_the_public_address_and_no_double_slash(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org/"
    assert base_url() + "/subscriptions/" == "https://news.example.org/subscriptions/"


@pytest.mark.django_db
def test_an_address_with_no_website_is_a_404_for_readers_and_nothing_for_the_admin():
    Site.objects.all().delete()
    request = RequestFactory().get("/", HTTP_HOST="nowhere.example.org")
    with pytest.raises(Http404):
        request_site(request)
    with pytest.raises(Http404):
        site_root(request)
    assert site_root(request, required=False) is None
