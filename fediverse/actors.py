"""Which pages are fediverse actors, what they post, and who hears of a post.

A publication is an actor (this app registers it); other apps make their own pages actors
through the ``ACTOR_KINDS_HOOK`` without this app knowing them (``home`` makes each place's
news one). Each hook function returns a ``Kind``.

Handles are ``@slug@host``. When two actors on one host share a slug, the kind registered
first wins the handle: publications (registered here) before places (registered by ``home``),
so a place whose slug a publication of the same Site already has shows no handle and is not
found by WebFinger (its actor address still works for those who follow it already).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from wagtail import hooks
from wagtail.models import Page, Site

from newsletters.models import PostPage, PublicationPage

ACTOR_KINDS_HOOK = "fediverse_actor_kinds"


@dataclass(frozen=True)
class Kind:
    model: type
    # URL segment of the actor's addresses (fediverse/<segment>/<pk>/...): part of its identity.
    segment: str
    # page -> its live, public posts, newest first
    posts: Callable
    # post -> the pages of this kind whose followers hear of it
    pages_for_post: Callable
    # page -> the actor's display name
    name: Callable = lambda page: page.title


PUBLICATIONS = Kind(
    model=PublicationPage,
    segment="publications",
    posts=lambda publication: publication.posts(),
    pages_for_post=lambda post: PublicationPage.objects.filter(pk=post.get_parent().pk),
)


def kinds():
    """Publications first, then the kinds other apps register, in hook order."""
    return [PUBLICATIONS, *(register() for register in hooks.get_hooks(ACTOR_KINDS_HOOK))]


def kind_for(page):
    return next((kind for kind in kinds() if isinstance(page, kind.model)), None)


def kind_named(segment):
    return next((kind for kind in kinds() if kind.segment == segment), None)


def find(root, slug):
    """The live, public actor page called ``slug`` below ``root``: the first kind that has one wins."""
    for kind in kinds():
        page = (
            kind.model.objects.live().public().descendant_of(root).filter(slug=slug).order_by("path").first()
        )
        if page is not None:
            return page
    return None


def pages_for_post(post):
    """Every actor page whose followers are told of ``post``: its publication, then the rest."""
    return [page for kind in kinds() for page in kind.pages_for_post(post)]


def live_post(post_id):
    return PostPage.objects.live().public().filter(pk=post_id).select_related("lead_image").first()


def page_by_pk(pk):
    page = Page.objects.live().public().filter(pk=pk).first()
    return page.specific if page is not None else None


HANDLE_CACHE_SECONDS = 24 * 60 * 60


def handle_for(page):
    """``@slug@host`` for ``page``; None when a kind registered before it has that slug on its Site.

    No query once cached: the answer is kept until any page is next published, moved or deleted
    (``cms.site_cache.content_version``), so a place page shows its handle at no cost.
    """
    from cms.site_cache import kept_for_generation

    from . import activities

    kind = kind_for(page)
    if kind is None:
        return None
    taken = kept_for_generation(
        f"patchwork:fediverse:handle-taken:{page.pk}:{page.slug}",
        lambda: slug_taken(page, kind),
        HANDLE_CACHE_SECONDS,
    )
    return None if taken else activities.handle(page)


def slug_taken(page, kind):
    """Has a live page of an earlier kind on ``page``'s Site the same slug? (One query at most.)"""
    roots = [
        root.root_path for root in Site.get_site_root_paths() if page.url_path.startswith(root.root_path)
    ]
    earlier = []
    for other in kinds():
        if other.segment == kind.segment:
            break
        earlier.append(other.model)
    if not roots or not earlier:
        return False
    root = max(roots, key=len)
    matches = (
        Page.objects.live().public().filter(slug=page.slug, url_path__startswith=root).exclude(pk=page.pk)
    )
    return matches.filter(
        content_type__in=[ContentType.objects.get_for_model(model) for model in earlier]
    ).exists()
