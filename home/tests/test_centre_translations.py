"""A centre's rooms, weekly activities and changes to its hours are translated with the page in
wagtail-localize: their words in the translation's language, their days, times and prices kept
the same as the source's (and brought over again by "Sync translated pages")."""

from datetime import date, time

from django.urls import reverse

from wagtail.models import Locale

import pytest
from wagtail_localize.models import StringTranslation, Translation

from home.demo import translate_page
from home.models import CentreRoom, OpeningHoursException, RegularActivity

from .conftest import build_centre

pytestmark = pytest.mark.django_db

URDU_WORDS = {
    "Test Town": "ٹیسٹ ٹاؤن",
    "Kingstanding": "کنگز اسٹینڈنگ",
    "Kingstanding Community Centre": "کنگز اسٹینڈنگ کمیونٹی سینٹر",
    "Toddler group": "چھوٹے بچوں کا گروپ",
    "Kingstanding Parents' Network": "کنگز اسٹینڈنگ والدین کا نیٹ ورک",
    "Term time only": "صرف اسکول کے دنوں میں",
    "Main hall": "مرکزی ہال",
    "Tables, chairs and a hatch to the kitchen.": "میزیں، کرسیاں اور باورچی خانے کی کھڑکی۔",
    "Closed for repairs": "مرمت کے لیے بند",
    "Spring fair": "بہار کا میلہ",
}


@pytest.fixture
def urdu(db):
    return Locale.objects.get_or_create(language_code="ur")[0]


@pytest.fixture
def urdu_centre(home_page, place, centre, urdu):
    for page in (home_page, place):
        translate_page(page, urdu, URDU_WORDS)
    return translate_page(centre, urdu, URDU_WORDS)


def test_the_centres_rooms_activities_and_hours_are_segments_to_translate(centre, urdu_centre, urdu):
    translation = Translation.objects.get(source__object_id=centre.translation_key, target_locale=urdu)
    english = set(translation.source.stringsegment_set.values_list("string__data", flat=True))
    assert {"Toddler group", "Kingstanding Parents' Network", "Term time only"} <= english
    assert {"Main hall", "Tables, chairs and a hatch to the kitchen."} <= english
    assert {"Closed for repairs", "Spring fair"} <= english
    # Contacts, days, times and prices are kept in sync, never offered to the translator.
    assert "0121 496 0000" not in english


def test_a_translated_centre_has_its_words_translated_and_the_sources_times(centre, urdu_centre, urdu):
    activity = urdu_centre.activities.get()
    source_activity = centre.activities.get()
    assert (activity.name, activity.run_by, activity.details) == (
        "چھوٹے بچوں کا گروپ",
        "کنگز اسٹینڈنگ والدین کا نیٹ ورک",
        "صرف اسکول کے دنوں میں",
    )
    assert (activity.weekday, activity.starts_at, activity.ends_at, activity.contact) == (
        source_activity.weekday,
        source_activity.starts_at,
        source_activity.ends_at,
        source_activity.contact,
    )
    assert activity.locale == urdu and activity.translation_key == source_activity.translation_key
    assert source_activity.name == "Toddler group", "the English activity is left alone"

    room, source_room = urdu_centre.rooms.get(), centre.rooms.get()
    assert (room.name, room.description) == ("مرکزی ہال", "میزیں، کرسیاں اور باورچی خانے کی کھڑکی۔")
    assert (room.capacity, room.size_square_metres, room.rate_resident, room.rate_community) == (
        source_room.capacity,
        source_room.size_square_metres,
        source_room.rate_resident,
        source_room.rate_community,
    )
    assert [photo.image_id for photo in room.photos.all()] == [
        photo.image_id for photo in source_room.photos.all()
    ]

    reasons = dict(urdu_centre.opening_hours_exceptions.values_list("starts_on", "reason"))
    assert reasons[date(2030, 3, 20)] == "مرمت کے لیے بند"
    spring_fair = urdu_centre.opening_hours_exceptions.get(starts_on=date(2030, 3, 24))
    assert (spring_fair.reason, spring_fair.closed, spring_fair.opens, spring_fair.closes) == (
        "بہار کا میلہ",
        False,
        time(11),
        time(15),
    )
    assert urdu_centre.opening_hours.count() == centre.opening_hours.count()


def test_sync_translated_pages_brings_the_new_times_and_keeps_the_translated_words(
    admin_client, centre, urdu_centre, urdu, django_capture_on_commit_callbacks
):
    urdu_room_pk = urdu_centre.rooms.get().pk
    # The editor moves the toddler group and puts the hall's price up in the English page.
    [activity], [room] = centre.activities.all(), centre.rooms.all()
    activity.starts_at, activity.ends_at = time(13, 30), time(15)
    room.rate_resident = 20
    centre.activities, centre.rooms = [activity], [room]
    centre.save_revision().publish()

    translation = Translation.objects.get(source__object_id=centre.translation_key, target_locale=urdu)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302

    urdu_centre.refresh_from_db()
    urdu_activity = urdu_centre.activities.get()
    assert (urdu_activity.name, urdu_activity.starts_at, urdu_activity.ends_at) == (
        "چھوٹے بچوں کا گروپ",
        time(13, 30),
        time(15),
    )
    urdu_room = urdu_centre.rooms.get()
    assert (urdu_room.name, urdu_room.rate_resident, urdu_room.pk) == ("مرکزی ہال", 20, urdu_room_pk), (
        "the same room row is updated, so enquiries about it keep their room"
    )
    assert urdu_room.photos.count() == 2


def test_a_new_activity_in_the_source_reads_in_english_until_translated_then_in_urdu(
    client, centre, urdu_centre, urdu, django_capture_on_commit_callbacks
):
    centre.activities.add(
        RegularActivity(weekday=3, starts_at=time(18), ends_at=time(19), name="Bingo night", contact="")
    )
    centre.save_revision().publish()
    source = Translation.objects.get(source__object_id=centre.translation_key, target_locale=urdu).source
    source.update_from_db()
    source.create_or_update_translation(urdu, publish=True, fallback=True)
    html = client.get("/ur/kingstanding/kingstanding-community-centre/").content.decode()
    assert "Bingo night" in html, "an untranslated activity is shown in the source language"

    segment = source.stringsegment_set.select_related("string", "context").get(string__data="Bingo night")
    StringTranslation.objects.create(
        translation_of=segment.string, locale=urdu, context=segment.context, data="بنگو کی رات"
    )
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(urdu, publish=True, fallback=True)
    html = client.get("/ur/kingstanding/kingstanding-community-centre/").content.decode()
    assert "بنگو کی رات" in html and "Bingo night" not in html


def test_the_public_urdu_centre_page_shows_the_urdu_activity_room_and_closure(
    client, urdu_centre, frozen_now
):
    response = client.get("/ur/kingstanding/kingstanding-community-centre/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    for urdu_text in (
        "چھوٹے بچوں کا گروپ",
        "کنگز اسٹینڈنگ والدین کا نیٹ ورک",
        "مرکزی ہال",
        "مرمت کے لیے بند",
    ):
        assert urdu_text in html
    assert "<time>10:00</time>\N{EN DASH}<time>11:30</time>" in html
    for english in ("Toddler group", "Term time only", "Closed for repairs", "Tables, chairs and a hatch"):
        assert english not in html

    english_html = client.get("/kingstanding/kingstanding-community-centre/").content.decode()
    assert "Toddler group" in english_html and "چھوٹے بچوں کا گروپ" not in english_html


def test_a_room_hire_enquiry_from_the_urdu_page_names_the_urdu_room(client, urdu_centre, frozen_now):
    room = urdu_centre.rooms.get()
    html = client.get("/ur/kingstanding/kingstanding-community-centre/").content.decode()
    assert f'<option value="{room.pk}"' in html and "مرکزی ہال" in html


def test_new_rows_take_their_centres_language(place, urdu):
    centre = build_centre(place, slug="urdu-only-centre", title="اردو سینٹر", locale=urdu)
    for model in (RegularActivity, CentreRoom, OpeningHoursException):
        assert set(model.objects.filter(page=centre).values_list("locale", flat=True)) == {urdu.pk}
