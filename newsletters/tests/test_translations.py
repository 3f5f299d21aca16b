"""Translating posts with wagtail-localize in the admin: Translate, Sync translated pages, PO
files, and a publication written in Urdu only."""

import datetime

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

import polib
import pytest
from wagtail_localize.models import StringTranslation, Translation

from newsletters.models import PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def urdu(db):
    return Locale.objects.get_or_create(language_code="ur")[0]


@pytest.fixture
def translate(admin_client, django_capture_on_commit_callbacks):
    """Press wagtail-localize's "Translate" for a page and choose a language."""

    def press(page, locale):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [locale.pk]}
            )
        assert response.status_code == 302
        return page.get_translation(locale)

    return press


def translation_of(page, locale):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate_string(translation, english, urdu_text):
    segment = translation.source.stringsegment_set.select_related("string", "context").get(
        string__data=english
    )
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=translation.target_locale,
        context=segment.context,
        data=urdu_text,
    )


def test_translate_makes_a_live_urdu_post_that_reads_in_english_until_translated(
    client, make_posts, urdu, translate, django_capture_on_commit_callbacks
):
    post = make_posts(1)[0]
    urdu_post = translate(post, urdu)
    assert urdu_post.live and urdu_post.locale == urdu

    translation = translation_of(post, urdu)
    translate_string(translation, "Issue 1", "شمارہ 1")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    html = client.get(urdu_post.url).content.decode()
    assert urdu_post.url.startswith("/ur/")
    assert '<html lang="ur" dir="rtl">' in html
    assert "شمارہ 1" in html
    assert "News for issue 1" in html, "an untranslated segment is shown in English"


def test_sync_translated_pages_copies_the_new_date_and_picture_and_keeps_the_translation(
    admin_client, make_posts, urdu, translate, django_capture_on_commit_callbacks
):
    post = make_posts(1)[0]
    translate(post, urdu)
    translation = translation_of(post, urdu)
    translate_string(translation, "Issue 1", "شمارہ 1")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    new_picture = get_image_model().objects.create(
        title="Bins",
        description="Blue bins lined up on a pavement.",
        collection=Collection.get_first_root_node(),
        file=ImageFile(get_test_image_file(size=(1300, 800)).file, name="bins.png"),
    )
    post.date = datetime.date(2020, 2, 3)
    post.lead_image = new_picture
    post.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    urdu_post = post.get_translation(urdu)
    assert urdu_post.date == datetime.date(2020, 2, 3)
    assert urdu_post.lead_image == new_picture
    assert urdu_post.title == "شمارہ 1"


def test_a_volunteer_translates_a_post_offline_with_a_po_file(
    admin_client, client, make_posts, urdu, translate, django_capture_on_commit_callbacks
):
    post = make_posts(1)[0]
    urdu_post = translate(post, urdu)
    translation = translation_of(post, urdu)

    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/x-gettext-translation"
    assert download["Content-Disposition"].endswith("-ur.po")
    po = polib.pofile(download.content.decode())
    assert "Issue 1" in [entry.msgid for entry in po]
    for entry in po:
        if entry.msgid == "Issue 1":
            entry.msgstr = "شمارہ 1"

    upload = SimpleUploadedFile("issue-1-ur.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload, "next": "/admin/"}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    assert "شمارہ 1" in client.get(urdu_post.url).content.decode()


def test_a_file_that_is_not_a_po_file_is_refused_with_a_message(admin_client, make_posts, urdu, translate):
    post = make_posts(1)[0]
    translate(post, urdu)
    translation = translation_of(post, urdu)
    upload = SimpleUploadedFile("photo.po", b"\xff\xd8\xff not a catalogue", content_type="image/jpeg")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": upload, "next": "/admin/"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This file was not downloaded from this translation." in response.content.decode()


def test_a_group_publishes_in_urdu_only_without_an_english_page(
    admin_client, client, home_page, urdu, translate
):
    urdu_home = translate(home_page, urdu)
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("newsletters", "publicationpage", urdu_home.pk)),
        nested_form_data(
            {
                "title": "محلے کی خبریں",
                "slug": "urdu-news",
                "kind": "newsletter",
                "description": rich_text("<p>ہمارے محلے کی ماہانہ خبریں۔</p>"),
                "frequency": "ماہانہ",
                "contact_name": "Aisha Khan",
                "contact_email": "aisha@example.org",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = PublicationPage.objects.get(slug="urdu-news")
    assert publication.live and publication.locale == urdu
    assert not publication.get_translations().exists()

    html = client.get("/ur/urdu-news/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html and "محلے کی خبریں" in html
    assert 'class="language-switcher"' not in html
    assert "hreflang" not in html
    assert client.get("/urdu-news/").status_code == 404


def test_the_switcher_is_on_the_publication_but_not_on_its_tag_pages(
    client, make_posts, publication, urdu, translate
):
    make_posts(2)
    translate(publication, urdu)
    assert 'class="language-switcher"' in client.get("/kingstanding/watch/").content.decode()
    assert 'class="language-switcher"' not in client.get("/kingstanding/watch/tags/bins/").content.decode()


@pytest.mark.parametrize(
    "upload, message",
    [
        (None, "Choose the PO file to upload."),
        (
            SimpleUploadedFile("django.po", 'msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr "ہیلو"\n'.encode()),
            "This file was not downloaded from this translation.",
        ),
    ],
)
def test_a_po_file_from_elsewhere_or_no_file_is_refused_with_a_message(
    admin_client, make_posts, urdu, translate, upload, message
):
    post = make_posts(1)[0]
    translate(post, urdu)
    translation = translation_of(post, urdu)
    data = {"next": "/admin/"} | ({"file": upload} if upload else {})
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StringTranslation.objects.filter(locale=urdu).exists()


def test_a_translated_post_names_its_authors_and_their_page_works_until_they_are_translated(
    admin_client, client, make_posts, authors, urdu, translate, django_capture_on_commit_callbacks
):
    post = make_posts(1)[0]
    urdu_post = translate(post, urdu)
    html = client.get(urdu_post.url).content.decode()
    assert "Maureen Lewis" in html
    author_page = client.get(urdu_post.get_parent().url + "authors/maureen-lewis/")
    assert author_page.status_code == 200
    assert urdu_post.url in author_page.content.decode()

    # The English post gets another author: Sync translated pages carries the change over.
    post.authors.set([authors["private"]])
    post.save_revision().publish()
    translation = translation_of(post, urdu)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
            {"publish_translations": "on"},
        )
    assert list(post.get_translation(urdu).authors.all()) == [authors["private"]]
