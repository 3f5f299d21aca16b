"""What an actor (a publication, a place's news) says about itself and its posts in ActivityStreams JSON.

Every address is absolute and on the host of the Site the page belongs to
(``cms.sites.page_site_url``), so a publication in another town is ``@slug@that-town``.
Functions named for a ``publication`` take any actor page (``fediverse.actors``).
"""

import hashlib
import logging
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

import nh3

from cms.front_cache import purge_urls_later
from cms.html import absolutize_urls
from newsletters.feeds import ENCLOSURE_SPEC
from newsletters.models import PublicationPage

from . import actors, vault
from .models import Actor
from .signatures import new_key_pair

logger = logging.getLogger(__name__)

CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# What an Article's content may hold: text markup and links, no scripts, styles or embeds.
CONTENT_TAGS = {
    "p", "br", "a", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "figure", "figcaption", "img", "code", "pre", "hr",
}  # fmt: skip
CONTENT_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}


def actor_for(publication):
    """The publication's actor, with a key pair made the first time it is needed."""
    actor = Actor.objects.filter(page=publication).first()
    if actor is not None:
        return actor
    private, public = new_key_pair()
    with transaction.atomic():
        actor, _created = Actor.objects.get_or_create(
            page=publication,
            defaults={"encrypted_private_key": vault.encrypt(private), "public_key_pem": public},
        )
    return actor


def signing_key(actor):
    """The actor's private key (PEM).

    A key the vault can no longer read (FEDIVERSE_KEY, or SECRET_KEY without it, changed) is
    replaced by a new pair, once, however many workers notice at the same time; the actor
    document is purged from the caches so that other servers read the new public key.
    """
    private = vault.decrypt(actor.encrypted_private_key)
    if private:
        return private
    with transaction.atomic():
        locked = Actor.objects.select_for_update().get(pk=actor.pk)
        private = vault.decrypt(locked.encrypted_private_key)
        if not private:
            logger.warning(
                "The signing key of page %s cannot be read (FEDIVERSE_KEY or SECRET_KEY changed): "
                "it gets a new key pair",
                locked.page_id,
            )
            private, locked.public_key_pem = new_key_pair()
            locked.encrypted_private_key = vault.encrypt(private)
            locked.save(update_fields=["encrypted_private_key", "public_key_pem"])
            purge_urls_later([actor_url(locked.page.specific)])
    actor.encrypted_private_key, actor.public_key_pem = locked.encrypted_private_key, locked.public_key_pem
    return private


def site_url(publication):
    from cms.sites import page_site_url

    return page_site_url(publication)


def handle_host(publication):
    return urlsplit(site_url(publication)).netloc


def handle(publication):
    """``@slug@host``: what someone types into Mastodon's search to find the publication."""
    return f"@{publication.slug}@{handle_host(publication)}"


def actor_url(publication, name="actor"):
    kind = actors.kind_for(publication)
    segment = kind.segment if kind else actors.PUBLICATIONS.segment
    return site_url(publication) + reverse(f"fediverse:{name}", args=[segment, publication.pk])


def key_id(publication):
    return actor_url(publication) + "#main-key"


def actor_document(publication, actor):
    url = actor_url(publication)
    note = gettext(
        "Replies and messages sent here are not read. To reach the group, use the contact "
        "details on its website."
    )
    summary = getattr(publication, "intro", "") or ""
    kind = actors.kind_for(publication)
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": "Service",
        "preferredUsername": publication.slug,
        "name": kind.name(publication) if kind else publication.title,
        "summary": clean_html(summary + f"<p>{note}</p>"),
        "url": publication.get_full_url(),
        "inbox": actor_url(publication, "inbox"),
        "outbox": actor_url(publication, "outbox"),
        "followers": actor_url(publication, "followers"),
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {"id": key_id(publication), "owner": url, "publicKeyPem": actor.public_key_pem},
    }
    if getattr(publication, "logo", None):
        rendition = publication.logo.get_rendition("fill-400x400|format-png")
        document["icon"] = {
            "type": "Image",
            "mediaType": "image/png",
            "url": absolute(publication, rendition.url),
        }
    return document


def absolute(publication, url):
    return url if urlsplit(url).scheme else site_url(publication) + url


def clean_html(html):
    return nh3.clean(html, tags=CONTENT_TAGS, attributes=CONTENT_ATTRIBUTES, link_rel="nofollow noopener")


def post_object_id(post):
    return post.get_full_url()


def article(post, publication, own_publication=None):
    """A post as an ``Article``: its whole text, its lead picture with alt text, its tags.

    ``publication`` is the actor that sends it; tags link to the post's own publication
    (``own_publication``, else ``post.publication`` or the post's parent).
    """
    own = own_publication or getattr(post, "publication", None)
    if own is None:
        own = publication if isinstance(publication, PublicationPage) else post.get_parent().specific
    url = post.get_full_url()
    body = str(post.body.render_as_block(context={"request": None, "page": post}))
    content = clean_html(absolutize_urls(body, url))
    followers = actor_url(publication, "followers")
    item = {
        "id": url,
        "type": "Article",
        "url": url,
        "name": post.title,
        "summary": post.intro_text,
        "content": content,
        "published": isoformat(post.first_published_at),
        "attributedTo": actor_url(publication),
        "to": [PUBLIC],
        "cc": [followers],
        "attachment": [],
        "tag": [],
    }
    if (
        post.last_published_at
        and post.first_published_at
        and post.last_published_at > post.first_published_at
    ):
        item["updated"] = isoformat(post.last_published_at)
    if post.lead_image:
        rendition = post.lead_image.get_rendition(ENCLOSURE_SPEC)
        item["image"] = item_image = {
            "type": "Image",
            "mediaType": "image/jpeg",
            "url": absolute(publication, rendition.url),
            "name": post.lead_image.default_alt_text,
        }
        item["attachment"].append({**item_image, "type": "Document"})
    publication_url = own.get_full_url()
    names = [tag.name for tag in post.tags.all()]
    if getattr(post, "hashtag", ""):
        names.append(post.hashtag.lstrip("#"))
    for name in dict.fromkeys(names):
        tag_slug = next((tag.slug for tag in post.tags.all() if tag.name == name), None)
        href = publication_url + own.reverse_subpage("tag", args=[tag_slug]) if tag_slug else url
        item["tag"].append({"type": "Hashtag", "name": "#" + name.replace(" ", ""), "href": href})
    return item


def isoformat(moment):
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def wrap(kind, publication, item, stamp=""):
    """``kind`` (Create, Update, Delete) of ``item``, with an id that is the same each time it is built."""
    object_id = item["id"] if isinstance(item, dict) else item
    digest = hashlib.sha256(f"{kind}:{object_id}:{stamp}".encode()).hexdigest()[:16]
    return {
        "@context": CONTEXT,
        "id": f"{actor_url(publication)}#{kind.lower()}-{digest}",
        "type": kind,
        "actor": actor_url(publication),
        "to": [PUBLIC],
        "cc": [actor_url(publication, "followers")],
        "object": item,
    }


def accept(publication, follow):
    """The answer to a ``Follow``: it names the follow it accepts, as Mastodon expects."""
    follow_id = follow.get("id", "") if isinstance(follow, dict) else str(follow)
    digest = hashlib.sha256(follow_id.encode()).hexdigest()[:16]
    return {
        "@context": CONTEXT,
        "id": f"{actor_url(publication)}#accept-{digest}",
        "type": "Accept",
        "actor": actor_url(publication),
        "object": follow,
    }


def tombstone(object_id):
    return {"id": object_id, "type": "Tombstone"}
