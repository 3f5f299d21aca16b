from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_role_labels_default_to_helper_and_attendee(home_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.helper_label == "helper"
    assert site_settings.attendee_label == "attendee"


def test_role_labels_must_be_words(home_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.helper_label = "<b>"
    with pytest.raises(ValidationError):
        site_settings.full_clean()
    site_settings.helper_label = "volunteer"
    site_settings.full_clean()


def test_organisation_name_contact_and_social_links_appear_on_every_page(client, home_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Kingstanding Together"
    site_settings.contact_email = "hello@kt.example"
    site_settings.social_links = [("link", {"service": "x", "url": "https://x.com/kt"})]
    site_settings.save()
    html = client.get("/").content.decode()
    assert "Kingstanding Together" in html
    assert 'href="mailto:hello@kt.example"' in html
    assert '<a href="https://x.com/kt" rel="me">X (Twitter)</a>' in html
