"""The renditions a listing draws, from the cache first and then in one query for the rest.

Prefetching renditions with the listing (``Prefetch("image__renditions", ...)``) asks the
database on every request, although Wagtail keeps each rendition in the cache it draws
with (the ``renditions`` cache, else the default one). Asking the cache per picture
instead would cost one query per picture whenever the cache is cold. ``prefetch_renditions``
does both in bulk: one ``get_many`` for every picture and spec, then one query for the
pictures the cache did not know (whose renditions it then puts in the cache). Wagtail's
cache keys carry the picture's file hash and focal point, so a new file or focal point
is a new key; renditions Wagtail deletes are taken out of the cache by Wagtail.
"""

from collections import defaultdict

from wagtail.images import get_image_model
from wagtail.images.models import Filter


def prefetch_renditions(images, *specs):
    """Give each of ``images`` (None skipped) its renditions for ``specs``: at most one query."""
    by_id = defaultdict(list)
    for image in images:
        if image is not None:
            by_id[image.pk].append(image)
    if not by_id:
        return
    rendition_model = get_image_model().get_rendition_model()
    backend = rendition_model.cache_backend
    filters = [Filter(spec) for spec in specs]
    wanted = {}  # cache key: (image id, spec, focal point key)
    for image_id, same in by_id.items():
        for item in filters:
            focal_point_key = item.get_cache_key(same[0])
            key = rendition_model.construct_cache_key(same[0], focal_point_key, item.spec)
            wanted[key] = (image_id, item.spec, focal_point_key)
    found = defaultdict(list)
    for key, rendition in backend.get_many(list(wanted)).items():
        found[wanted[key][0]].append(rendition)
    missing = {image_id for image_id in by_id if len(found[image_id]) < len(filters)}
    if missing:
        matches = {(image_id, spec, key) for image_id, spec, key in wanted.values() if image_id in missing}
        additions = {}
        stored = rendition_model.objects.filter(image_id__in=missing, filter_spec__in=specs)
        for rendition in stored:
            if (rendition.image_id, rendition.filter_spec, rendition.focal_point_key) not in matches:
                continue  # drawn for an earlier focal point
            known = [r for r in found[rendition.image_id] if r.filter_spec == rendition.filter_spec]
            if not known:
                rendition.image = by_id[rendition.image_id][0]
                found[rendition.image_id].append(rendition)
                additions[rendition.get_cache_key()] = rendition
        if additions:
            backend.set_many(additions)
    for image_id, same in by_id.items():
        for image in same:
            renditions = []
            for rendition in found[image_id]:
                rendition.image = image
                # In the cache (found there, or put there above): Wagtail need not write it back.
                rendition._from_cache = True
                renditions.append(rendition)
            # Wagtail reads these before its cache or the database (AbstractImage.find_existing_renditions);
            # a spec missing here has never been drawn, and Wagtail draws it.
            image.prefetched_renditions = renditions
