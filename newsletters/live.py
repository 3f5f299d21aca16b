"""Live coverage of a meeting: short timestamped updates on a post, newest first.

A post whose ``coverage`` is "live" shows its ``LiveUpdate`` rows under its body. Adding one
(``publish_update``) makes no page revision: the row is stored, the page, its poll address and
its feeds are purged from the front cache, and ``live_update_published`` is sent once the row
is committed, so a cross-poster can pass the update on without this app knowing it.

Readers with JavaScript (static/js/live.js) poll ``live_updates_view`` with ``If-None-Match``:
one small query answers 304 while nothing is new, and a front cache may keep the answer for a
few seconds, as it holds no cookie and is the same for everyone. Without JavaScript a reload
shows the new updates. When the meeting ends (``end_coverage``) the post keeps its updates
under a summary and nothing polls any more.
"""

import hashlib
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import transaction
from django.db.models import Count, Max
from django.dispatch import Signal
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.http import quote_etag
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from cms.front_cache import purge_page_later
from cms.renditions import prefetch_renditions

from .models import LiveUpdate, PostPage

# Sent once a new update is committed: ``sender=LiveUpdate``, ``update`` (the LiveUpdate) and
# ``post`` (its PostPage). A cross-poster (Mastodon, Bluesky) connects here.
live_update_published = Signal()

# A live page changes every few minutes: a front cache keeps it for this long at most.
LIVE_PAGE_CACHE_SECONDS = 30
UPDATES_ON_PAGE = 500
UPDATES_POLLED = 50
UPDATES_IN_FEED = 50
UPDATE_IMAGE_SPEC = "width-800"


def poll_seconds():
    return settings.LIVE_POLL_SECONDS


def latest_updates(post, limit):
    """The post's newest ``limit`` updates, newest first, their photos holding their renditions."""
    updates = list(post.live_updates.select_related("image")[:limit])
    prefetch_renditions([update.image for update in updates], UPDATE_IMAGE_SPEC)
    return updates


def live_context(request, post):
    """What post_page.html needs for a live or ended coverage (nothing for an ordinary post)."""
    if not post.coverage:
        return {}
    context = {
        "live_updates": latest_updates(post, UPDATES_ON_PAGE),
        "live_rss": reverse("newsletters:live_rss", kwargs={"pk": post.pk}),
        "live_atom": reverse("newsletters:live_atom", kwargs={"pk": post.pk}),
    }
    if post.coverage == PostPage.Coverage.LIVE:
        request.shared_cache_max_seconds = LIVE_PAGE_CACHE_SECONDS
        context["live_poll_url"] = reverse("newsletters:live_updates", kwargs={"pk": post.pk})
        context["live_poll_seconds"] = poll_seconds()
    return context


def purge_paths(post):
    """The poll address and the update feeds of a post with live coverage (newsletters/front_cache.py)."""
    if not post.coverage:
        return []
    return [
        reverse(f"newsletters:live_{name}", kwargs={"pk": post.pk}) for name in ("updates", "rss", "atom")
    ]


def store_photo(photo, description, user):
    from .forms import photo_collection

    image = get_image_model()(
        title=description[:255] or _("Photo"),
        description=description[:255],
        file=photo,
        collection=photo_collection(user),
        uploaded_by_user=user,
    )
    image._set_image_file_metadata()
    image.save()
    return image


def publish_update(post, text, user, photo=None, photo_description=""):
    """Add one update to a live post: stored, purged from the front cache, announced once committed."""
    with transaction.atomic():
        image = store_photo(photo, photo_description.strip() or text, user) if photo else None
        update = LiveUpdate.objects.create(post=post, text=text, image=image, author=user)
        purge_page_later(post)
        transaction.on_commit(lambda: live_update_published.send(sender=LiveUpdate, update=update, post=post))
    return update


def end_coverage(post, summary, user):
    """The meeting is over: publish the live post as an ordinary post with ``summary`` on top.

    The new revision starts from the live version of the page, so an unpublished draft of it is
    not published by this (it stays in the page's history).
    """
    page = PostPage.objects.get(pk=post.pk)
    page.coverage = PostPage.Coverage.ENDED
    page.coverage_summary = summary
    revision = page.save_revision(user=user, log_action=True, clean=True)
    revision.publish(user=user)
    return page


def updates_etag(post):
    """Changes when an update is added or removed or the coverage ends: one small query."""
    found = post.live_updates.aggregate(count=Count("pk"), newest=Max("pk"), latest=Max("created_at"))
    key = f"{post.pk}:{post.coverage}:{found['count']}:{found['newest']}:{found['latest']}"
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def covered_post(pk):
    """A published, public post with live coverage (live or ended), or 404."""
    posts = PostPage.objects.live().public().exclude(coverage="").defer_streamfields()
    return get_object_or_404(posts, pk=pk)


def public_short_cache(response):
    seconds = poll_seconds()
    patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    return response


@require_safe
def live_updates_view(request, pk):
    """The newest updates as JSON for static/js/live.js; 304 while nothing is new."""
    post = covered_post(pk)
    etag = updates_etag(post)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        updates = latest_updates(post, UPDATES_POLLED)
        response = JsonResponse(
            {
                "status": post.coverage,
                "updates": [
                    {
                        "id": update.anchor,
                        "html": render_to_string(
                            "newsletters/includes/live_update.html", {"update": update}, request=request
                        ),
                    }
                    for update in updates
                ],
                "ended_notice": _("The live coverage has ended. Reload the page to read the summary.")
                if post.coverage == PostPage.Coverage.ENDED
                else "",
            }
        )
    response.headers["ETag"] = etag
    return public_short_cache(response)


class LiveUpdatesFeed(Feed):
    """A post's live updates as RSS or Atom, each linking to its anchor on the page."""

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, pk):
        self.request = request
        return covered_post(pk)

    def title(self, post):
        return _("%(title)s: live updates") % {"title": post.title}

    def link(self, post):
        return post.get_url(self.request)

    def description(self, post):
        return post.search_description or post.title

    def items(self, post):
        return latest_updates(post, UPDATES_IN_FEED)

    def item_title(self, update):
        return Truncator(update.text).chars(80)

    def item_description(self, update):
        html = linebreaks(escape(update.text))
        if update.image is not None:
            rendition = update.image.get_rendition(UPDATE_IMAGE_SPEC)
            html += rendition.img_tag({"src": urljoin(self.request.build_absolute_uri("/"), rendition.url)})
        return html

    def item_link(self, update):
        return f"{update.post.get_url(self.request)}#{update.anchor}"

    def item_pubdate(self, update):
        return update.created_at


def make_live_feed_view(feed_type):
    feed = LiveUpdatesFeed(feed_type)

    @require_safe
    def view(request, pk):
        post = covered_post(pk)
        etag = quote_etag(f"{feed_type.__name__}-{updates_etag(post).strip(chr(34))}")
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = feed(request, pk=pk)
        response.headers["ETag"] = etag
        return public_short_cache(response)

    view.__name__ = f"live_updates_{feed_type.__name__}"
    return view


live_rss_view = make_live_feed_view(Rss201rev2Feed)
live_atom_view = make_live_feed_view(Atom1Feed)
