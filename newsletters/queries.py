"""Listings of posts that other apps show (a place's or a centre's latest news).

``home`` calls these instead of writing its own SQL, so the query for a listing
lives beside the model it reads.
"""

from .models import PostPage, for_listing


def latest_posts(root_page, limit=5):
    """The newest live, public posts anywhere below ``root_page``: one descendant query.

    Images, renditions, tags and named authors come in bulk (``for_listing``), so
    the post card shows them without a query per post.
    """
    posts = PostPage.objects.live().public().descendant_of(root_page).filter(locale_id=root_page.locale_id)
    return for_listing(posts).order_by("-date", "-pk")[:limit]
