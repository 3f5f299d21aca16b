"""Finding the page for an address in two queries, however deep it sits in the tree.

Wagtail routes ``/kingstanding/watch/issue-6/`` one level at a time: each level asks
for the child with that slug, then for its specific page, so a post costs six
queries before it is served. ``PathRoutingMixin`` (on the site's root page) asks
for every page along the address at once by ``url_path``, walks down them in
memory, and loads only the page that is served as its specific type, with its
pictures (header image, logo, lead picture) and what its type names in ``routed_with``
(a surgery's venue) in the same query. A page type
with routes of its own (``RoutablePageMixin``: archives, tag pages, calendars)
still answers the part of the address that is one of its routes; any other page
type that changes routing is handed the rest of the address, as Wagtail would.
The pages passed on the way are kept on the request (``route_ancestors``), so the
breadcrumbs need no query of their own.

For an anonymous reader, an address that names a page (not one of its own routes) is
remembered for the cache generation (``cms.site_cache.content_version``): any publish,
unpublish, move or delete starts a new one, so the next reader of that address gets the
page and the pages above it from the cache, with no query. Signed-in people, who may see
what a draft changed, always read the tree.
"""

from django.http import Http404
from django.urls import Resolver404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.site_cache import GENERATION_CACHE_SECONDS, content_version, generation_cache


def routes_like_a_plain_page(page_class):
    return page_class.route is Page.route or page_class.route is PathRoutingMixin.route


def answers_with_own_route(page, page_class, remaining):
    """Would this routable page answer ``remaining`` with one of its own routes? (No query.)"""
    if not page.live:
        return False
    try:
        page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except (Http404, Resolver404):
        return False
    return True


def image_fields(page_class):
    """The page type's pictures (a header image, a logo, a lead picture): loaded with the page."""
    image_model = get_image_model()
    return [
        field.name
        for field in page_class._meta.concrete_fields
        if field.many_to_one and field.related_model is image_model
    ]


def routes_the_rest_itself(page, page_class, remaining):
    """Must this page answer the rest of the address, or is it one of its children's?"""
    if routes_like_a_plain_page(page_class):
        return False
    if issubclass(page_class, RoutablePageMixin) and page_class.route is RoutablePageMixin.route:
        return answers_with_own_route(page, page_class, remaining)
    return True  # routing of its own that we cannot predict: hand it the rest, as Wagtail would


class PathRoutingMixin:
    """Route the whole address below this page with one query for the pages along it."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        user = getattr(request, "user", None)
        remembered = request.method in ("GET", "HEAD") and user is not None and not user.is_authenticated
        found = key = None
        if remembered:
            key = f"patchwork:route:{content_version()}:{self.pk}:{'/'.join(path_components)}"
            found = generation_cache().get(key)
        if found is not None:
            request.route_ancestors, specific = found
            return specific.route(request, [])
        walked, specific, remaining = self.walk(path_components)
        request.route_ancestors = walked
        if remaining:
            return specific.route(request, remaining)
        if remembered:
            generation_cache().set(key, (walked, specific), GENERATION_CACHE_SECONDS)
        return specific.route(request, [])

    def walk(self, path_components):
        """The pages above the one serving ``path_components``, that page (specific) and the part of
        the address left for its own routes: one query for the pages along it, one for that page."""
        prefixes = [
            self.url_path + "/".join(path_components[:length]) + "/"
            for length in range(1, len(path_components) + 1)
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=prefixes,
                path__startswith=self.path,
                depth__gt=self.depth,
                depth__lte=self.depth + len(prefixes),
            ).only("id", "path", "depth", "title", "slug", "url_path", "live", "content_type_id", "locale_id")
        }
        walked = [self]
        parent = self
        for depth, prefix in enumerate(prefixes):
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1:
                raise Http404
            page._cached_parent_obj = parent
            remaining = path_components[depth + 1 :]
            page_class = page.specific_class
            if page_class is None:
                raise Http404
            if not remaining:
                break
            if routes_the_rest_itself(page, page_class, remaining):
                return walked, self.load_specific(page, page_class, parent), remaining
            walked.append(page)
            parent = page
        return walked, self.load_specific(page, page_class, parent), []

    @staticmethod
    def load_specific(page, page_class, parent):
        pages = page_class.objects.all()
        # Its pictures, and what else its type names as always shown with it (a surgery's venue).
        related = [*image_fields(page_class), *getattr(page_class, "routed_with", ())]
        if related:  # select_related() with no names would follow every foreign key
            pages = pages.select_related(*related)
        specific = pages.get(pk=page.pk)
        specific._cached_parent_obj = parent
        return specific
