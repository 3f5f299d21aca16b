"""What else a front cache must forget when a post or a publication changes (cms/front_cache.py)."""

from django.urls import reverse

from cms import front_cache

from .live import purge_paths as live_purge_paths
from .models import PostPage, PublicationPage


def feeds(scope, **kwargs):
    return [reverse(f"newsletters:{scope}_{kind}", kwargs=kwargs) for kind in ("rss", "atom")]


def publication_listings(publication, post=None):
    """The publication's month archive and, for a post, its month, year, tag and author pages."""
    base = publication.get_url_parts()[2]
    paths = [base + publication.reverse_subpage("archive").lstrip("/")]
    if post is not None:
        year, month = post.date.year, post.date.month
        paths += [
            base + publication.reverse_subpage("archive_year", args=(year,)).lstrip("/"),
            base + publication.reverse_subpage("archive_month", args=(year, month)).lstrip("/"),
        ]
        for tag in post.tags.all():
            paths.append(base + publication.reverse_subpage("tag", args=(tag.slug,)).lstrip("/"))
            paths += feeds("tag", tag=tag.slug)
        for author in post.authors.all():
            paths.append(base + publication.reverse_subpage("author", args=(author.slug,)).lstrip("/"))
            paths += feeds("author", author=author.slug)
    return paths


def purges(page):
    """The site, publication, place, tag and author feeds a post is in, its listings and its neighbours."""
    if isinstance(page, PostPage):
        publication = page.get_parent().specific
        found = [*feeds("site"), *feeds("publication", pk=publication.pk)]
        found += publication_listings(publication, page)
        found += page.neighbours()
        found += live_purge_paths(page)
    elif isinstance(page, PublicationPage):
        found = [*feeds("site"), *feeds("publication", pk=page.pk), *publication_listings(page)]
    elif type(page) in PublicationPage.allowed_parent_page_models():
        # A place's own feed also lists what other apps add to it (posts from elsewhere), and
        # those apps purge the place when that changes.
        found = feeds("place", pk=page.pk)
    else:
        return []
    # Every page above it can be a place with its own feed of everything below it.
    for ancestor in page.get_ancestors().filter(depth__gt=2).only("pk"):
        found += feeds("place", pk=ancestor.pk)
    return [item for item in found if item is not None]


def author_changed(sender, instance, created=False, **kwargs):
    """An author renamed, hidden or deleted: their name (when public) is on their posts, on cards
    across the site and in feeds, so no cached page may keep the old one. A new author is on no
    page yet (an import makes them as it goes)."""
    if not created:
        front_cache.shown_on_every_page_changed()
