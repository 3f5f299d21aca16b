"""Centre facilities keep their history of changes and can be translated, like pages."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.models import Locale

import pytest

from home.models import Facility

pytestmark = pytest.mark.django_db


def test_saving_a_facility_in_the_admin_keeps_a_revision(admin_client):
    add = reverse("wagtailsnippets_home_facility:add")
    response = admin_client.post(add, {"name": "Free Wi-Fi", "description": ""})
    assert response.status_code == 302
    facility = Facility.objects.get()
    assert facility.revisions.count() == 1
    edit = reverse("wagtailsnippets_home_facility:edit", args=[facility.pk])
    response = admin_client.post(
        edit, {"name": "Free Wi-Fi", "description": "Ask at reception for the password"}
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.revisions.count() == 2
    assert facility.latest_revision.content["description"] == "Ask at reception for the password"


def test_a_facility_can_be_sent_for_translation(admin_client):
    Locale.objects.get_or_create(language_code="pl")
    facility = Facility.objects.create(name="Kitchen")
    assert facility.locale.language_code == "en-gb"
    url = reverse("wagtail_localize:submit_snippet_translation", args=["home", "facility", facility.pk])
    assert url in admin_client.get(reverse("wagtailsnippets_home_facility:list")).content.decode()
    assert admin_client.get(url).status_code == 200


def test_a_facility_name_is_unique_within_a_language_only():
    polish, _ = Locale.objects.get_or_create(language_code="pl")
    kitchen = Facility.objects.create(name="Kitchen")
    kitchen.copy_for_translation(polish).save()
    assert Facility.objects.filter(name="Kitchen").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.create(name="Kitchen")
