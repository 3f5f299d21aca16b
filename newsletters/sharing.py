"""What a post offers beyond its words: share links, social cards, structured data, a QR code.

Everything is worked out on the server, so the page loads no third-party script
and a shared or printed copy always points back to the page's real address.
"""

from urllib.parse import quote, urlencode, urljoin

from django.conf import settings

from wagtail.models import Page

from cms.locales import language_code_for
from cms.qr import public_qr_code_svg
from cms.structured_data import json_ld_script

SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"


def hashtag_for(name):
    """``#KingstandingTown`` from "Kingstanding town": letters and digits only, each word capitalised."""
    words = "".join(ch if ch.isalnum() else " " for ch in name or "").split()
    tag = "".join(word[:1].upper() + word[1:] for word in words)
    return f"#{tag}" if tag else ""


def share_links(url, title, hashtag=""):
    """Plain links to share a page: no buttons, scripts or trackers from the services.

    ``hashtag`` (the area's, "#Kingstanding") goes into the text of the services that take text.
    """
    text = f"{title} {hashtag}".strip()
    mastodon = settings.MASTODON_SHARE_SERVER
    return [
        (
            "Email",
            "mailto:?" + urlencode({"subject": title, "body": f"{hashtag} {url}".strip()}, quote_via=quote),
        ),
        ("Mastodon", f"https://{mastodon}/share?" + urlencode({"text": f"{text} {url}"}, quote_via=quote)),
        (
            "Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"}, quote_via=quote),
        ),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": text})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text} {url}"})),
    ]


def social_image(request, post, page_url):
    """(absolute URL, alt text) of the picture used by social cards and JSON-LD, or None."""
    image = post.get_social_image()
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    return urljoin(page_url, rendition.url), image.default_alt_text


def news_article(post, publication, page_url, image_url, authors, tags):
    """schema.org NewsArticle data, so search engines can show the post as local news."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.intro_text,
        "datePublished": post.date.isoformat(),
        "url": page_url,
        "mainEntityOfPage": page_url,
        "inLanguage": language_code_for(post.locale_id),
        "isPartOf": {"@type": "Periodical", "name": publication.title},
        "publisher": {"@type": "Organization", "name": publication.title},
        "author": [{"@type": "Person", "name": author.name} for author in authors]
        or [{"@type": "Organization", "name": publication.title}],
    }
    if post.last_published_at:
        data["dateModified"] = post.last_published_at.isoformat()
    if image_url:
        data["image"] = [image_url]
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data


def post_hashtag(post, publication):
    """The post's own hashtag, or for live coverage the area's: the place the publication is in."""
    if post.hashtag:
        return post.hashtag if post.hashtag.startswith("#") else f"#{post.hashtag}"
    if not post.coverage:
        return ""
    place = Page.objects.filter(path=publication.path[: -publication.steplen]).only("title", "depth").first()
    return hashtag_for(place.title) if place is not None and place.depth > 1 else ""


def post_sharing_context(request, post, publication, authors, tags):
    page_url = post.get_full_url(request)
    image = social_image(request, post, page_url)
    return {
        "page_full_url": page_url,
        "share_links": share_links(page_url, post.title, post_hashtag(post, publication)),
        "social_image_url": image[0] if image else "",
        "social_image_alt": image[1] if image else "",
        "qr_code": public_qr_code_svg(page_url, "QR code: the address of this page"),
        "news_article_json_ld": json_ld_script(
            news_article(post, publication, page_url, image[0] if image else "", authors, tags)
        ),
    }
