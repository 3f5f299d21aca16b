"""Our admin screens follow the editor's admin language (Wagtail's "Preferred language" in their account)."""

import re

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return user


def test_a_helper_whose_admin_is_in_urdu_sets_up_a_newcomer_in_urdu(client, helper, surgery):
    client.force_login(speaks(helper, "ur"))
    page = client.get(reverse("handover_newcomers:setup")).content.decode()
    assert 'lang="ur"' in page and 'dir="rtl"' in page
    assert "کسی نئے شخص کا سب کچھ تیار کریں" in page  # the page's heading: "Set up a newcomer"
    assert "ان کے بارے میں" in page and "آج کی مدد" in page  # "About them", "Today's help"
    assert "ان کا نام" in page  # the first field's label, "Their name"
    assert "About them" not in page and "Set them up" not in page


def test_an_organiser_whose_admin_is_in_polish_reads_the_impact_report_in_polish(client, admin_user, surgery):
    client.force_login(speaks(admin_user, "pl"))
    page = client.get(reverse("handover_impact:index")).content.decode()
    assert 'lang="pl"' in page
    assert "<span>Efekty</span>" in page  # the page's heading: "Impact"
    assert "Efekty: cała sieć" in page  # "Impact in the whole network"
    assert "Pokaż raport" in page and "Miesiąc po miesiącu" in page  # "Show the report", "Month by month"
    assert "Odbył się 1 dyżur." in page  # "1 surgery held." (the fixture's, in March 2026)
    assert "Przyszło 0 osób" in page  # "0 people came", in Polish's own plural
    assert "Show the report" not in page and "Month by month" not in page


def test_the_same_screens_stay_in_english_for_an_english_editor(client, helper, admin_user, surgery):
    client.force_login(helper)
    assert "About them" in client.get(reverse("handover_newcomers:setup")).content.decode()
    client.force_login(admin_user)
    page = client.get(reverse("handover_impact:index")).content.decode()
    assert "Impact in the whole network" in page and "1 surgery held." in page and "0 people came" in page


def test_a_helper_whose_admin_is_in_urdu_reads_the_help_log_form_labels_in_urdu(client, helper, surgery):
    client.force_login(speaks(helper, "ur"))
    page = client.get(reverse("handover_help_log:add")).content.decode()
    assert 'lang="ur"' in page and 'dir="rtl"' in page
    labels = {
        "surgery": "سیشن",
        "helper": "مددگار",
        "link": "لنک",
        "publication": "نیوز لیٹر یا بلاگ",
        "notes": "نوٹس",
    }
    for field, label in labels.items():
        assert re.search(rf'<label[^>]*for="id_{field}"[^>]*>\s*{label}\s*<', page), field
    # The follow-up rows: date, what changed, and the consent to share it.
    assert "کیا بدلا" in page and "وہ اسے شیئر کرنے پر متفق ہیں" in page
    for english in ("Newsletter or blog", "What changed", "They agreed to it being shared"):
        assert english not in page, english
