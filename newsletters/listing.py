"""Lists of posts, a page at a time, that cost the same however far back a reader goes.

A page of posts is found from the date and id of the post next to it (``?before=2024-03-01,812``:
the posts older than that one; ``?after=...``: the ones newer), not by counting past every newer
post, so the last page of a publication with thousands of posts is as quick as the first.
A cursor that is not one (hand-edited, cut short) is ignored and the newest posts are shown;
a well-formed cursor with nothing beyond it is a 404.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404

CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2}),(\d{1,18})")


def parse_cursor(value):
    """(date, id) from ``2024-03-01,812``, or None for anything else."""
    match = CURSOR.fullmatch(value or "")
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        return None


def cursor_of(post):
    return urlencode({"before": f"{post.date.isoformat()},{post.pk}"})


def older_than(date, pk):
    return Q(date__lt=date) | Q(date=date, pk__lt=pk)


def newer_than(date, pk):
    return Q(date__gt=date) | Q(date=date, pk__gt=pk)


@dataclass
class PostsPage:
    """One page of a listing: its posts and the query strings of the pages either side."""

    posts: list
    # Query strings; "" for newer means the listing's own address (its newest posts).
    older: str | None = None
    newer: str | None = None

    @property
    def has_other_pages(self):
        return self.older is not None or self.newer is not None


def newer_link(posts, first, size):
    """The query string of the page before one starting at ``first``: "" when that is the newest."""
    newer = list(
        posts.prefetch_related(None)
        .filter(newer_than(first.date, first.pk))
        .order_by("date", "pk")
        .values_list("pk", flat=True)[: size + 1]
    )
    if len(newer) > size:
        return urlencode({"after": f"{first.date.isoformat()},{first.pk}"})
    return "" if newer else None


def posts_page(posts, query, size):
    """The page of ``posts`` (a queryset) that ``query`` (request.GET) asks for, newest first."""
    before, after = parse_cursor(query.get("before")), parse_cursor(query.get("after"))
    if after and not before:
        rows = list(posts.filter(newer_than(*after)).order_by("date", "pk")[:size])[::-1]
        if not rows:
            raise Http404("There are no newer posts.")
        return PostsPage(rows, older=cursor_of(rows[-1]), newer=newer_link(posts, rows[0], size))
    newest_first = posts.order_by("-date", "-pk")
    if before:
        newest_first = newest_first.filter(older_than(*before))
    rows = list(newest_first[: size + 1])
    if before and not rows:
        raise Http404("There are no older posts.")
    page = PostsPage(rows[:size])
    if len(rows) > size:
        page.older = cursor_of(rows[size - 1])
    if before:
        page.newer = newer_link(posts, rows[0], size)
    return page
