"""A topic editors add to the surgery topics can be ticked in the help log and the hand-over form."""

from django.test import Client
from django.urls import reverse

import pytest

from handover.models import HelpRecord
from surgeries.models import SurgeryTopic

pytestmark = pytest.mark.django_db


@pytest.fixture
def instagram():
    return SurgeryTopic.objects.create(name="Instagram")


def test_a_new_topic_appears_in_the_help_log_form_and_is_saved(helper, surgery, instagram):
    client = Client()
    client.force_login(helper)
    assert 'value="instagram"' in client.get(reverse("handover_help_log:add")).content.decode()
    response = client.post(
        reverse("handover_help_log:add"),
        {
            "helped_name": "Ravi Patel",
            "topics": ["instagram", "safety"],
            "surgery": surgery.pk,
            "helper": helper.pk,
            "created_at": "2026-03-04 11:00",
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-MIN_NUM_FORMS": "0",
            "follow_ups-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    record = HelpRecord.objects.get()
    assert record.topics == ["instagram", "safety"]
    assert record.topic_labels == ["Instagram", "Staying safe online"]


def test_a_new_topic_appears_on_the_hand_over_form(helper, instagram):
    client = Client()
    client.force_login(helper)
    assert 'value="instagram"' in client.get(reverse("handover_newcomers:setup")).content.decode()


def test_a_topic_no_longer_offered_is_not_on_the_forms_but_old_records_keep_its_name(helper, surgery):
    record = HelpRecord.objects.create(helped_name="Maureen", topics=["x"], surgery=surgery, helper=helper)
    SurgeryTopic.objects.filter(slug="x").update(offered=False)
    client = Client()
    client.force_login(helper)
    assert 'value="x"' not in client.get(reverse("handover_help_log:add")).content.decode()
    assert record.topic_labels == ["X (Twitter)"]


def test_a_deleted_topic_still_shows_in_old_records_as_stored(helper, surgery):
    """The help log names topics as bookings do: one that was deleted is not silently dropped."""
    record = HelpRecord.objects.create(
        helped_name="Maureen", topics=["x", "tiktok-live"], surgery=surgery, helper=helper
    )
    assert record.topic_labels == ["X (Twitter)", "tiktok-live"]
