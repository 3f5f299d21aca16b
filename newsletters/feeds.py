"""RSS 2.0 and Atom feeds of posts: the whole site, a publication, a tag, an author, a place.

Each feed is a *scope* (which posts, with a title and a page to link to) served
in both formats by one Django syndication ``Feed``. Items carry the whole post
as HTML with absolute addresses, so they read well in any feed reader, and
every response has an ETag and Last-Modified so readers that poll every few
minutes mostly get ``304 Not Modified`` without the feed being built.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from taggit.models import Tag
from wagtail import hooks
from wagtail.models import Locale, Page

from cms.html import absolutize_urls
from cms.locales import language_code_for
from cms.renditions import prefetch_renditions
from cms.sites import request_site

from .models import Author, PostPage, PublicationPage, public_authors_prefetch, tags_prefetch
from .queries import without_digest_issues

FEED_ITEMS = 20
FEED_ITEM_CACHE_SECONDS = 60 * 60
ENCLOSURE_SPEC = "fill-1200x630|format-jpeg"


@dataclass
class FeedScope:
    """Which posts a feed holds and how it describes itself."""

    title: str
    description: str
    link: str
    posts: QuerySet
    language: str
    owner: Page | None = None
    # Items other apps add (posts from elsewhere on a place's feed), through PLACE_EXTRAS_HOOK.
    extras: list = field(default_factory=list)


# Hook through which other apps add items to a place's feed without this app knowing them:
# ``fn(place, limit)`` returns up to ``limit`` objects with ``title``, ``link``, ``guid``,
# ``published`` (an aware datetime), ``excerpt`` (plain text) and ``source_name``. They are
# listed among the posts by date, marked as from elsewhere, linking to where they were published.
PLACE_EXTRAS_HOOK = "place_feed_extra_items"


@dataclass
class ElsewhereItem:
    """An item another app added to a feed: a post published on another website."""

    source: object

    def feed_pubdate(self):
        return self.source.published


# --- turning a post into feed HTML ----------------------------------------------------


def post_content_html(post, request, page_url):
    """The post as HTML for a feed reader, cached for each published version of the post."""
    changed = post.last_published_at.isoformat() if post.last_published_at else ""
    key = "newsletters:feed-item:" + hashlib.sha256(f"{post.pk}:{changed}:{page_url}".encode()).hexdigest()
    return cache.get_or_set(
        key, lambda: render_content_html(post, request, page_url), FEED_ITEM_CACHE_SECONDS
    )


def render_content_html(post, request, page_url):
    """The lead picture, then the body, with every address made absolute."""
    parts = []
    if post.lead_image:
        rendition = post.lead_image.get_rendition(ENCLOSURE_SPEC)
        alt = post.lead_image.default_alt_text
        parts.append(format_html('<p><img src="{}" alt="{}"></p>', rendition.url, alt))
    parts.append(post.body.render_as_block(context={"request": request}))
    return absolutize_urls("".join(str(part) for part in parts), page_url)


def enclosure_for(post, page_url):
    if not post.lead_image:
        return []
    rendition = post.lead_image.get_rendition(ENCLOSURE_SPEC)
    try:
        length = rendition.file.size
    except OSError:
        length = 0
    return [Enclosure(urljoin(page_url, rendition.url), str(length), "image/jpeg")]


def newest(posts):
    return posts.order_by("-date", "-pk")[:FEED_ITEMS]


def prepare_items(posts, request):
    """The newest posts, with everything each item needs worked out once, in bulk."""
    items = list(
        newest(posts)
        .select_related("lead_image")
        .prefetch_related(tags_prefetch(), public_authors_prefetch())
    )
    prefetch_renditions([post.lead_image for post in items], ENCLOSURE_SPEC)
    for post in items:
        post.feed_url = post.get_full_url(request)
        post.feed_content = post_content_html(post, request, post.feed_url)
        post.feed_enclosures = enclosure_for(post, post.feed_url)
    return items


# --- the formats --------------------------------------------------------------------------


class ContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the summary in <description> and the whole post in <content:encoded>."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class ContentAtomFeed(Atom1Feed):
    """Atom with the summary in <summary> and the whole post in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class PostsFeed(Feed):
    """The posts of one scope; the scope is worked out by the view and passed in."""

    feed_type = ContentRssFeed

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, scope):
        scope.items = prepare_items(scope.posts, request)
        if scope.extras:
            merged = scope.items + [ElsewhereItem(extra) for extra in scope.extras]
            merged.sort(key=lambda item: self.item_pubdate(item), reverse=True)
            scope.items = merged[:FEED_ITEMS]
        scope.feed_url = request.build_absolute_uri()
        return scope

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.language
        return feed

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    subtitle = description

    def feed_url(self, scope):
        return scope.feed_url

    def items(self, scope):
        return scope.items

    def item_title(self, post):
        if isinstance(post, ElsewhereItem):
            return _("%(title)s (from elsewhere: %(source)s)") % {
                "title": post.source.title,
                "source": post.source.source_name,
            }
        return post.title

    def item_link(self, post):
        return post.source.link if isinstance(post, ElsewhereItem) else post.feed_url

    def item_guid(self, post):
        return post.source.link if isinstance(post, ElsewhereItem) else post.feed_url

    def item_description(self, post):
        if isinstance(post, ElsewhereItem):
            return post.source.excerpt or post.source.title
        return post.intro_text or post.search_description or post.title

    def item_author_name(self, post):
        if isinstance(post, ElsewhereItem):
            return post.source.source_name
        return ", ".join(author.name for author in post.public_authors) or None

    def item_categories(self, post):
        if isinstance(post, ElsewhereItem):
            return [_("From elsewhere")]
        return [tagged.tag.name for tagged in post.tagged]

    def item_pubdate(self, post):
        if isinstance(post, ElsewhereItem):
            return post.feed_pubdate()
        return datetime.datetime.combine(post.date, datetime.time(), tzinfo=timezone.get_default_timezone())

    def item_updateddate(self, post):
        if isinstance(post, ElsewhereItem):
            return post.feed_pubdate()
        return post.last_published_at or self.item_pubdate(post)

    def item_enclosures(self, post):
        return [] if isinstance(post, ElsewhereItem) else post.feed_enclosures

    def item_extra_kwargs(self, post):
        if isinstance(post, ElsewhereItem):
            # Only the excerpt, never the post: the reader follows the link to read it where it was published.
            content = format_html(
                '<p>{}</p><p>{} <a href="{}">{}</a></p>',
                post.source.excerpt,
                _("Published elsewhere, on"),
                post.source.link,
                post.source.source_name,
            )
            return {"content_html": str(content)}
        return {"content_html": post.feed_content}


# --- the scopes -------------------------------------------------------------------------------


def live_posts():
    return PostPage.objects.live().public()


def news_posts():
    """Live, public posts less the issues of place digests, which only repeat other posts: they
    are in their own digest's feed and nowhere else."""
    return without_digest_issues(live_posts())


def in_request_language(page):
    """``page`` in the language of the request's URL: its live, public translation, or a 404.

    /ur/feeds/publications/<id>/ lists the Urdu publication's posts whichever
    language's copy the id names, so a feed under /ur/ holds only Urdu items.
    """
    active = Locale.get_active()
    if page.locale_id == active.pk:
        return page
    translation = page.get_translations().live().public().filter(locale=active).specific().first()
    if translation is None:
        raise Http404(_("There is no news in this language."))
    return translation


def site_and_news_root(request):
    """The current Site and its home page in the language of the request's URL (no fallback)."""
    site = request_site(request)
    root = site.root_page.get_translation_or_none(Locale.get_active())
    if root is None or not root.live:
        raise Http404(_("There is no news in this language."))
    return site, root


def site_scope(request):
    site, root = site_and_news_root(request)
    posts = news_posts().descendant_of(root).filter(locale_id=root.locale_id)
    return FeedScope(
        title=_("All news from %(site)s") % {"site": site.site_name or root.title},
        description=_("Every newsletter issue and blog post on %(site)s.")
        % {"site": site.site_name or root.title},
        link=root.get_full_url(request),
        posts=posts,
        language=language_code_for(root.locale_id),
        owner=root,
    )


def publication_scope(request, pk):
    publication = in_request_language(get_object_or_404(PublicationPage.objects.live().public(), pk=pk))
    return FeedScope(
        title=publication.title,
        description=publication.search_description
        or publication.intro_text
        or _("New issues and posts from %(name)s.") % {"name": publication.title},
        link=publication.get_full_url(request),
        posts=live_posts().child_of(publication),
        language=language_code_for(publication.locale_id),
        owner=publication,
    )


def tag_scope(request, tag):
    tag = get_object_or_404(Tag, slug=tag)
    site, root = site_and_news_root(request)
    posts = news_posts().descendant_of(root).filter(locale_id=root.locale_id, tags=tag)
    if not posts.exists():
        raise Http404(_("Nothing here is tagged with that."))
    return FeedScope(
        title=_("Posts tagged “%(tag)s” on %(site)s")
        % {"tag": tag.name, "site": site.site_name or root.title},
        description=_("Every post tagged “%(tag)s”.") % {"tag": tag.name},
        link=root.get_full_url(request),
        posts=posts,
        language=language_code_for(root.locale_id),
        owner=root,
    )


def author_scope(request, author):
    site, root = site_and_news_root(request)
    # Each language has its own copy of an author, under the same address.
    author = get_object_or_404(Author, slug=author, show_publicly=True, locale_id=root.locale_id)
    posts = news_posts().descendant_of(root).filter(locale_id=root.locale_id, authors=author)
    return FeedScope(
        title=_("Posts by %(name)s on %(site)s")
        % {"name": author.name, "site": site.site_name or root.title},
        description=author.bio or _("Everything %(name)s has written.") % {"name": author.name},
        link=root.get_full_url(request),
        posts=posts,
        language=language_code_for(root.locale_id),
        owner=root,
    )


def place_scope(request, pk):
    """Every post below a place: a page of a kind publications may be put under.

    Which kinds those are is this app's own page-type rule (``PublicationPage.parent_page_types``),
    so the feed needs no knowledge of the app that defines places: the page tree is the geography.
    """
    place = in_request_language(
        get_object_or_404(
            Page.objects.live().public().type(*PublicationPage.allowed_parent_page_models()), pk=pk
        )
    )
    return FeedScope(
        title=_("News from %(place)s") % {"place": place.title},
        description=_("Every newsletter issue and blog post from %(place)s.") % {"place": place.title},
        link=place.get_full_url(request),
        posts=news_posts().descendant_of(place).filter(locale_id=place.locale_id),
        language=language_code_for(place.locale_id),
        owner=place,
        extras=[
            extra for extras in hooks.get_hooks(PLACE_EXTRAS_HOOK) for extra in extras(place, FEED_ITEMS)
        ],
    )


# --- the view ----------------------------------------------------------------------------------


def feed_validators(scope, feed_type):
    """(ETag, Last-Modified) of the feed, from one small query.

    A feed shows only its newest items, so it changes exactly when one of them
    is added, removed or republished, or the scope itself is renamed: the
    validators are worked out from those alone, not from every post.
    """
    newest_versions = list(newest(scope.posts).values_list("pk", "last_published_at"))
    owner_changed = scope.owner.last_published_at if scope.owner else None
    moments = [moment for _, moment in newest_versions if moment] + ([owner_changed] if owner_changed else [])
    extras = [(extra.guid, extra.published, extra.title) for extra in scope.extras]
    moments += [extra.published for extra in scope.extras]
    last_modified = max(moments) if moments else None
    key = f"{feed_type.__name__}:{newest_versions}:{owner_changed}:{scope.title}:{scope.link}:{extras}"
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32]), last_modified


def make_feed_view(scope_for, feed_type):
    """A view serving ``scope_for``'s posts as ``feed_type``, with conditional GET and public caching."""
    feed = PostsFeed(feed_type)

    @require_safe
    def view(request, **kwargs):
        scope = scope_for(request, **kwargs)
        etag, last_modified = feed_validators(scope, feed_type)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if response is None:
            response = feed(request, scope=scope)
        response.headers["ETag"] = etag
        if last_modified:
            response.headers["Last-Modified"] = http_date(timestamp)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PUBLIC_CACHE_MAX_AGE,
            s_maxage=settings.PUBLIC_CACHE_S_MAXAGE,
        )
        return response

    view.__name__ = f"{scope_for.__name__}_{feed_type.__name__}"
    view.__doc__ = scope_for.__doc__
    return view


SCOPES = {
    "site": site_scope,
    "publication": publication_scope,
    "tag": tag_scope,
    "author": author_scope,
    "place": place_scope,
}
FORMATS = {"rss": ContentRssFeed, "atom": ContentAtomFeed}
