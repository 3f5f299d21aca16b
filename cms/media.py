"""The site's own image and document models (``WAGTAILIMAGES_IMAGE_MODEL``, ``WAGTAILDOCS_DOCUMENT_MODEL``).

Owning the models means a field can be added to every picture or file (as the
photo credit was) with an ordinary migration. A picture's alternative text lives
in one place: the image's ``description``, which Wagtail itself already offers as
the alt text in rich text, in image blocks and in ``{% image %}``/``{% picture %}``.
Pages never keep a second copy.

Existing rows were copied, with the same ids, from Wagtail's own tables by
``cms/migrations/0002_custom_image_and_document.py``; Wagtail's tables stay but
are no longer used.
"""

from django.db import models

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image, WagtailImageFieldFile

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

ALT_TEXT_HELP = (
    "Describe the picture in a sentence for people who cannot see it: screen readers read this "
    "out wherever the picture is shown, e.g. 'Volunteers litter-picking on Kings Road'. Leave "
    "out 'photo of'. A post's main picture must have this."
)


class SizeFromHeaderFieldFile(WagtailImageFieldFile):
    """A picture file whose width and height are read from its header, not by decoding it.

    Django fills an image's width and height when the model is made and again when its file is
    saved; Wagtail reads them by decoding the whole picture, so each new rendition was decoded
    twice more after it was drawn, and each upload twice. Pillow reads the size from the first
    bytes. What Pillow cannot read (an SVG) is still measured Wagtail's way.
    """

    def get_image_dimensions(self):
        close = self.closed
        try:
            self.open()
            self.seek(0)
            with PillowImage.open(self) as picture:  # reads the header; the file stays open
                return picture.size
        except (UnidentifiedImageError, OSError, ValueError):
            pass  # not a picture Pillow reads (an SVG): measured Wagtail's way below
        finally:
            if close:
                self.close()
            else:
                self.seek(0)
        return super().get_image_dimensions()


class CustomImage(AbstractImage):
    """An uploaded picture, with its alternative text and an optional credit."""

    # Wagtail's own field, relabelled: it is the alt text everywhere the picture is shown.
    description = models.CharField(
        "alternative text", max_length=255, blank=True, default="", help_text=ALT_TEXT_HELP
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Optional. Who took the picture or owns it, e.g. 'Photo: Pat Jones'. Shown under the "
            "picture at the top of a post. Use only pictures you have permission to use."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"

    @property
    def alt_text(self):
        """The picture's alternative text ('' if nobody has described it yet)."""
        return self.description.strip()

    def __getstate__(self):
        """Pickled (kept in the cache with a listing) without the renditions prefetched for one
        request: what was found then, even none at all, would hide renditions drawn since from
        every later reader, and Wagtail would ask the database for them each time."""
        state = super().__getstate__()
        state.pop("prefetched_renditions", None)
        prefetched = state.get("_prefetched_objects_cache")
        if prefetched and "renditions" in prefetched:
            state["_prefetched_objects_cache"] = {k: v for k, v in prefetched.items() if k != "renditions"}
        return state


class CustomRendition(AbstractRendition):
    """A resized copy of a ``CustomImage``, made on first use and kept."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def __setstate__(self, state):
        """Read back from a cache (Wagtail's rendition cache, or a listing kept in one): Wagtail
        need not write it there again, which it otherwise does for each rendition on each use."""
        super().__setstate__(state)
        self._from_cache = True


# The field's class is unchanged (no migration); only the file object it hands out reads sizes faster.
for model in (CustomImage, CustomRendition):
    model._meta.get_field("file").attr_class = SizeFromHeaderFieldFile


class CustomDocument(AbstractDocument):
    """An uploaded file (a PDF, a spreadsheet) linked from pages."""

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
