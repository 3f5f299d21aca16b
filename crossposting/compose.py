"""The short text posted for a post or a live update: title, link, hashtag, within each service's limit.

Limits are in graphemes (Mastodon 500, Bluesky 300); counting code points never counts fewer, so a
text cut to the limit in code points always fits.
"""

from django.utils.text import Truncator

from wagtail.models import Page

from newsletters.sharing import hashtag_for

LIMITS = {"mastodon": 500, "bluesky": 300}
IMAGE_SPEC = "max-1600x1600|format-jpeg"


def area_hashtag(post, publication):
    """The post's own hashtag if it has one, otherwise its area's (the place the publication is in)."""
    if post.hashtag:
        return post.hashtag if post.hashtag.startswith("#") else f"#{post.hashtag}"
    place = Page.objects.filter(path=publication.path[: -publication.steplen]).only("title", "depth").first()
    return hashtag_for(place.title) if place is not None and place.depth > 1 else ""


def compose(words, link, hashtag, service):
    """``words`` cut to fit, then the link and the hashtag, which are never cut."""
    tail = " ".join(part for part in (link, hashtag) if part)
    room = LIMITS[service] - len(tail) - 1
    words = Truncator(" ".join(words.split())).chars(max(room, 1)) if room > 0 else ""
    return f"{words}\n{tail}".strip() if words else tail


def lead_image(image):
    """(bytes, filename, mime, alt) of a Wagtail image, as a JPEG small enough for both services."""
    if image is None:
        return None
    rendition = image.get_rendition(IMAGE_SPEC)
    with rendition.file.open("rb") as file:
        content = file.read()
    return content, "image.jpg", "image/jpeg", image.default_alt_text or ""
