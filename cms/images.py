"""Checking uploaded images before they are stored, so a bad file gets a message instead of an error page.

Wagtail only reads an image's header when it validates an upload, and lets Pillow's
own errors through (a GIF that starts right but is garbage inside gave a 500). Every
admin upload (the image form, the chooser's upload tab and the multiple uploader)
builds its form from ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so that form gives the file
field these extra checks: the picture is decoded once, in full, at upload time, and
its size is measured against ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` with a message that
says what to do.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

DECOMPRESSION_BOMBS = (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError)

UNREADABLE = (
    "This file could not be read as an image: it may be damaged or only partly saved. Open it in an "
    "image editor or photo app, save or export it again as JPEG, PNG, GIF or WebP, and upload that copy."
)


def megapixels(pixels):
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def too_many_pixels(width=None, height=None, frames=1):
    # With no site limit, Pillow's own guard against "decompression bombs" is the limit.
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS or PILImage.MAX_IMAGE_PIXELS
    if width is None:
        size = "far too large to open safely"
    else:
        size = f"{width} by {height} pixels"
        if frames > 1:
            size += f" in {frames} frames"
        size += f" ({megapixels(width * height * frames)} megapixels)"
    return (
        f"This image is {size}; the most this site accepts is {megapixels(limit)} megapixels. Make it "
        f"smaller in an image editor or photo app (2,000 pixels across is plenty for a web page) and "
        f"upload it again."
    )


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, turning anything Pillow cannot read into a form error.

    It keeps no state of its own, and reads the limit from settings when it checks,
    so the form can give Wagtail's own field this class.
    """

    def check_image_pixel_size(self, f):
        """Wagtail's check, with a message that gives the picture's size and what to do about it."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                super().check_image_pixel_size(f)
        except ValidationError as error:
            if error.code != "file_too_many_pixels":
                raise
            raise ValidationError(self.too_many_pixels_message(f), code="file_too_many_pixels") from None
        except DECOMPRESSION_BOMBS:
            raise ValidationError(too_many_pixels(), code="file_too_many_pixels") from None
        except Exception as error:  # any failure to read the header means a broken file
            raise ValidationError(UNREADABLE, code="invalid_image") from error
        self.check_image_decodes(f)

    @staticmethod
    def too_many_pixels_message(f):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                return too_many_pixels(*f.image.get_size(), f.image.get_frame_count())
        except DECOMPRESSION_BOMBS:  # too big even to read its size safely
            return too_many_pixels()

    def check_image_decodes(self, f):
        """Decode the picture itself: a good header can hide a truncated or corrupt body."""
        if f.image.format_name == "svg":  # drawn, not decoded; Pillow cannot open it
            return
        f.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(f) as picture:
                    picture.load()
        except DECOMPRESSION_BOMBS:
            raise ValidationError(too_many_pixels(), code="file_too_many_pixels") from None
        except Exception as error:  # Pillow raises many kinds for a corrupt body
            raise ValidationError(UNREADABLE, code="invalid_image") from error
        finally:
            f.seek(0)


class CheckedImageForm(BaseImageForm):
    """The admin's image form, with the upload checked in full (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if isinstance(file_field, WagtailImageField):
            # Wagtail builds this field in its own form-field callback, with the label, widget and
            # help text it wants; our subclass only adds checks, so the field keeps all of those.
            file_field.__class__ = CheckedImageField
            file_field.error_messages["invalid_image"] = UNREADABLE
