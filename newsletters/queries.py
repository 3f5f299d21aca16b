"""Listings of posts that other apps show (a place's or a centre's latest news).

``home`` calls these instead of writing its own SQL, so the query for a listing
lives beside the model it reads.
"""

from .models import PostPage


def latest_posts(root_page, limit=5):
    """The newest live, public posts anywhere below ``root_page``: one descendant query.

    The lead image and its renditions come along (one more query), so a card may
    show the picture without a query per post.
    """
    return (
        PostPage.objects.live()
        .public()
        .descendant_of(root_page)
        .filter(locale_id=root_page.locale_id)
        .defer_streamfields()
        .select_related("lead_image")
        .prefetch_related("lead_image__renditions")
        .order_by("-date", "-pk")[:limit]
    )
