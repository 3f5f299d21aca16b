"""Listings of posts that other apps show (a place's or a centre's latest news).

``home`` calls these instead of writing its own SQL, so the query for a listing
lives beside the model it reads.
"""

from .models import PostPage, PublicationPage, for_listing


def latest_posts(root_page, limit=5):
    """The newest live, public posts anywhere below ``root_page``: one descendant query.

    Images, renditions, tags and named authors come in bulk (``for_listing``), so
    the post card shows them without a query per post; each post also knows its
    publication (``post.publication``), so a card in a mixed listing can name it.
    """
    posts = PostPage.objects.live().public().descendant_of(root_page).filter(locale_id=root_page.locale_id)
    return with_publications(for_listing(posts).order_by("-date", "-pk")[:limit])


def with_publications(posts):
    """The posts as a list, each with ``post.publication``: one query for all their publications."""
    posts = list(posts)
    parent_paths = {post.path[: -post.steplen] for post in posts}
    publications = {}
    if parent_paths:
        publications = {
            publication.path: publication
            for publication in PublicationPage.objects.filter(path__in=parent_paths)
        }
    for post in posts:
        post.publication = publications.get(post.path[: -post.steplen])
    return posts


def publications_below(root_page):
    """Every live, public newsletter and blog anywhere below ``root_page``, A to Z: one query."""
    return (
        PublicationPage.objects.live()
        .public()
        .descendant_of(root_page)
        .filter(locale_id=root_page.locale_id)
        .order_by("title", "pk")
    )
