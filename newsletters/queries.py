"""Listings of posts that other apps show (a place's or a centre's latest news).

``home`` calls these instead of writing its own SQL, so the query for a listing
lives beside the model it reads.
"""

from django.db.models import Q

# Place digests (newsletters.digests): the calendar, the draft and the send, for home.digests.
from .digests import (  # noqa: F401
    DigestItem,
    digests,
    draft_issue,
    due_issues,
    late_grace,
    miss_if_too_late,
    missed_window,
    open_issue_for,
    publish_for_sending,
    record_missed,
    record_warnings,
    window_due,
)
from .models import PostPage, PublicationPage, for_listing, with_card_renditions


class NotOnePublication(LookupError):
    """No publication, or several, answer to the id or short name someone typed."""


def publication_named(identifier, publications=None, noun="publication"):
    """The one publication with this id or short name (slug) among ``publications`` (all of them by
    default), for the commands that take one; NotOnePublication saying why when there is not one."""
    identifier = str(identifier).strip()
    publications = PublicationPage.objects.all() if publications is None else publications
    matches = publications.filter(slug=identifier)
    if identifier.isdigit():
        matches = publications.filter(Q(pk=int(identifier)) | Q(slug=identifier))
    found = list(matches.order_by("path")[:10])
    if not found:
        raise NotOnePublication(f"There is no {noun} with the id or short name “{identifier}”.")
    if len(found) > 1:
        choices = "; ".join(f"{page.pk}: {page.title} ({page.url_path})" for page in found)
        raise NotOnePublication(
            f"More than one {noun} has the short name “{identifier}”. Give its id instead: {choices}"
        )
    return found[0]


def latest_posts(root_page, limit=5, publications=()):
    """The newest live, public posts anywhere below ``root_page``: one descendant query.

    Images, renditions and named authors come in bulk (``for_listing``), so
    the post card shows them without a query per post; each post also knows its
    publication (``post.publication``), so a card in a mixed listing can name it. Publications
    the caller has already read (``publications``) are not read again.
    """
    posts = PostPage.objects.live().public().descendant_of(root_page).filter(locale_id=root_page.locale_id)
    posts = without_digest_issues(posts)
    return with_publications(for_listing(posts).order_by("-date", "-pk")[:limit], publications)


def without_digest_issues(posts):
    """``posts`` less the issues of place digests, which only gather posts listed beside them.

    In the same query: a post's publication is the page one step up its tree path.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr

    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - PostPage.steplen)
    digest_parent = PublicationPage.objects.filter(kind=PublicationPage.Kind.DIGEST, path=parent_path)
    return posts.exclude(Exists(digest_parent))


def with_publications(posts, known=()):
    """The posts as a list, each with ``post.publication`` and its card's renditions.

    One query for all their publications, unless every one is among ``known`` already.
    """
    posts = with_card_renditions(posts)
    publications = {publication.path: publication for publication in known}
    parent_paths = {post.path[: -post.steplen] for post in posts} - publications.keys()
    if parent_paths:
        publications.update(
            (publication.path, publication)
            for publication in PublicationPage.objects.filter(path__in=parent_paths)
        )
    for post in posts:
        post.publication = publications.get(post.path[: -post.steplen])
    return posts


def posts_published_below(root_page, since, until):
    """Live, public posts below ``root_page`` first published in [``since``, ``until``), oldest first.

    For a place digest: each post knows its publication (``post.publication``); posts of place
    digests themselves are left out (a digest never lists another digest).
    """
    posts = (
        PostPage.objects.live()
        .public()
        .descendant_of(root_page)
        .filter(locale_id=root_page.locale_id, first_published_at__gte=since, first_published_at__lt=until)
        .order_by("first_published_at", "pk")
    )
    return [
        post
        for post in with_publications(for_listing(posts))
        if post.publication is not None and post.publication.kind != PublicationPage.Kind.DIGEST
    ]


def posts_below(place):
    """Every live, public post below ``place`` in its language, newest first (its news feed's posts)."""
    return (
        PostPage.objects.live()
        .public()
        .descendant_of(place)
        .filter(locale_id=place.locale_id)
        .order_by("-date", "-pk")
    )


def publications_below(root_page):
    """Every live, public newsletter and blog anywhere below ``root_page``, A to Z: one query."""
    return (
        PublicationPage.objects.live()
        .public()
        .descendant_of(root_page)
        .filter(locale_id=root_page.locale_id)
        .order_by("title", "pk")
    )


# --- For the impact report: live posts as grouped figures --------------------------------


def live_posts_under(publication_ref):
    """Live posts directly under the publication an ``OuterRef`` names, for a subquery."""
    from django.db.models import OuterRef

    return PostPage.objects.filter(
        live=True,
        path__startswith=OuterRef(f"{publication_ref}__path"),
        depth=OuterRef(f"{publication_ref}__depth") + 1,
    ).order_by()


def has_post_since(publication_ref, since):
    """An annotation: has the publication ``publication_ref`` names a live post dated ``since`` or later?"""
    from django.db.models import Exists

    return Exists(live_posts_under(publication_ref).filter(date__gte=since))


def post_months_by_publication(root_path):
    """Rows of (publication path, month, live posts) for every publication below ``root_path``.

    One grouped query; a post's publication is its parent page, so its path minus one step.
    """
    from django.db.models import Count
    from django.db.models.functions import Length, Substr, TruncMonth

    return list(
        PostPage.objects.filter(live=True, path__startswith=root_path)
        .annotate(
            publication_path=Substr("path", 1, Length("path") - PostPage.steplen), month=TruncMonth("date")
        )
        .values("publication_path", "month")
        .annotate(posts=Count("pk"))
        .order_by()
    )


def organiser_permissions():
    """What a town's organisers may do with authors of posts: add, change, view and delete them
    (their own town's only: newsletters/authors.py)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from .models import Author

    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Author),
        codename__in=["add_author", "change_author", "view_author", "delete_author"],
    )
