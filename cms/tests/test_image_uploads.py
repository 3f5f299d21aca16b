"""Uploading broken or enormous images in the admin gives a clear message, never an error page."""

import io
import json
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

UNREADABLE = "could not be read as an image"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def picture_bytes(fmt, size=(64, 64), mode="RGB", noise=True):
    picture = PILImage.new(mode, size)
    if noise:
        rng = random.Random(4)
        picture.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(size[0] * size[1])])
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def garbage_gif():
    return b"GIF89a" + b"\x00not really a picture\xff" * 40


def truncated_gif():
    whole = picture_bytes("GIF")
    return whole[: len(whole) // 2]


def flat_png(width, height):
    """A plain black picture: tiny as a file however many pixels it has."""
    return picture_bytes("PNG", size=(width, height), mode="1", noise=False)


def upload(admin_client, name, content, url="/admin/images/add/"):
    root = Collection.get_first_root_node().pk
    return admin_client.post(
        url,
        {"title": "Upload", "collection": root, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("content", [garbage_gif(), truncated_gif()], ids=["garbage", "truncated"])
def test_a_broken_gif_is_refused_with_a_message(admin_client, content):
    response = upload(admin_client, "poster.gif", content)

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_the_multiple_uploader_refuses_a_broken_gif_with_a_message(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("poster.gif", garbage_gif())},
    )

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert UNREADABLE in answer["error_message"]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_the_chooser_upload_refuses_a_broken_gif_with_a_message(admin_client):
    root = Collection.get_first_root_node().pk
    response = admin_client.post(
        "/admin/images/chooser/create/",
        {
            "image-chooser-upload-title": "Poster",
            "image-chooser-upload-collection": root,
            "image-chooser-upload-file": SimpleUploadedFile("poster.gif", truncated_gif()),
        },
    )

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fmt,name", [("GIF", "a.gif"), ("PNG", "a.png"), ("JPEG", "a.jpg"), ("WEBP", "a.webp")]
)
def test_good_pictures_still_upload(admin_client, fmt, name):
    response = upload(admin_client, name, picture_bytes(fmt))

    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


@pytest.mark.django_db
def test_a_picture_over_40_megapixels_is_refused_with_its_size(admin_client, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000

    response = upload(admin_client, "aerial.png", flat_png(8000, 6000))

    page = response.content.decode()
    assert response.status_code == 200
    assert "8000 by 6000 pixels (48 megapixels)" in page
    assert "the most this site accepts is 40 megapixels" in page
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [40_000_000, None], ids=["site-limit", "no-site-limit"])
def test_a_decompression_bomb_is_refused_with_a_message(admin_client, settings, limit):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = limit

    response = upload(admin_client, "bomb.png", flat_png(20000, 10000))

    assert response.status_code == 200
    assert "too large to open safely" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_a_new_picture_and_its_rendition_are_measured_without_decoding_them(monkeypatch):
    """Sizes come from the files' headers: drawing a rendition decodes the original once, and
    neither the upload nor the new rendition is decoded again just to learn its width and height."""
    import uuid

    from PIL import ImageFile

    decoded = []
    load = ImageFile.ImageFile.load

    def counted_load(picture):
        if picture.tile:  # pixels not read yet: this call decodes them
            decoded.append(picture.format)
        return load(picture)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    shade = tuple(uuid.uuid4().bytes[:3])  # a picture no other test drew
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200), shade).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Shade",
        file=SimpleUploadedFile("shade.png", buffer.getvalue()),
        collection=Collection.get_first_root_node(),
    )
    assert (image.width, image.height) == (300, 200)
    assert decoded == []

    rendition = image.get_rendition("fill-120x80|format-webp")
    assert (rendition.width, rendition.height) == (120, 80)
    assert decoded == ["PNG"], "the original, once, to draw it"
    rendition.refresh_from_db()
    assert (rendition.width, rendition.height) == (120, 80)


@pytest.mark.django_db
def test_an_svg_is_still_measured(settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30" viewBox="0 0 90 30"></svg>'
    image = get_image_model().objects.create(
        title="Logo", file=SimpleUploadedFile("logo.svg", svg), collection=Collection.get_first_root_node()
    )
    assert (image.width, image.height) == (90, 30)
