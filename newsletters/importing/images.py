"""Bringing a post's pictures over: downloaded once, checked, kept in the publication's collection.

A picture already in the collection (the same bytes, by Wagtail's file hash) is used again, so
importing a file twice adds no copies. Its alternative text comes from the img's alt.
"""

import hashlib
import io
import os
import posixpath
import warnings
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from django.db.models import Q

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from PIL import Image as PILImage

from .fetch import FetchError, fetch

MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def publication_collection(publication):
    """The collection the publication's editors keep their pictures in.

    The folder its editors' group may add images to (the hand-over makes one per newcomer);
    otherwise a collection named after the publication, made the first time it is needed.
    """
    groups = GroupPagePermission.objects.filter(page=publication, permission__codename="add_page").values(
        "group_id"
    )
    found = (
        Collection.objects.filter(
            Q(
                pk__in=GroupCollectionPermission.objects.filter(
                    group_id__in=groups, permission__codename="add_image"
                ).values("collection_id")
            )
        )
        .exclude(depth=1)
        .order_by("path")
        .first()
    )
    if found is not None:
        return found
    root = Collection.get_first_root_node()
    name = publication.title[:255]
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def image_details(data):
    """(format extension, width, height) of image bytes Pillow can fully read, else None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                kind = IMAGE_TYPES.get(picture.format)
                if kind is None:
                    return None
                width, height = picture.size
                picture.load()
    except Exception:  # anything Pillow cannot read is not a picture we keep
        return None
    return kind, width, height


class ImageImporter:
    """``image_for(url, alt)`` for one import: downloads each address once, returns an image id."""

    def __init__(self, collection, dry_run=False):
        self.collection = collection
        self.dry_run = dry_run
        self.known = {}  # address -> image id, for pictures in rows already committed
        self.pending = {}  # address -> image id, for the post being saved now
        self.failed = {}  # address -> why
        self.created = 0

    def __call__(self, url, alt):
        if self.dry_run:
            return 0
        if url in self.known:
            return self.known[url]
        if url in self.pending:
            return self.pending[url]
        if url in self.failed:
            return None
        try:
            data, _content_type = fetch(url, MAX_IMAGE_BYTES)
        except FetchError as error:
            self.failed[url] = str(error)
            return None
        details = image_details(data)
        if details is None:
            self.failed[url] = "not a picture"
            return None
        image = self.find_or_create(url, alt, data, details)
        self.pending[url] = image.pk
        return image.pk

    def find_or_create(self, url, alt, data, details):
        model = get_image_model()
        file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        existing = model.objects.filter(collection=self.collection, file_hash=file_hash).first()
        if existing is not None:
            if alt and not existing.description:
                existing.description = alt[:255]
                existing.save(update_fields=["description"])
            return existing
        kind, width, height = details
        name = posixpath.basename(unquote(urlsplit(url).path)) or "picture"
        stem = os.path.splitext(name)[0][:80] or "picture"
        image = model(
            title=(alt or stem)[:255],
            description=alt[:255],
            collection=self.collection,
            width=width,
            height=height,
            file_size=len(data),
            file_hash=file_hash,
            file=ImageFile(io.BytesIO(data), name=f"{stem}.{kind}"),
        )
        image.save()
        self.created += 1
        return image

    def commit(self):
        """The post was saved: its pictures are there for the next posts too."""
        self.known.update(self.pending)
        self.pending = {}

    def roll_back(self):
        """The post was not saved, nor were its new pictures."""
        self.pending = {}
