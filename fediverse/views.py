"""WebFinger, the actor document, its outbox and followers, and the inbox that takes follows.

Everything is JSON for other servers; nothing here sets a cookie. Addresses are answered only
on the host of the Site the publication belongs to, so each town's publications live on its host.
"""

import json
import logging
from urllib.parse import urlsplit

from django.core.paginator import EmptyPage, Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cms.renditions import prefetch_renditions
from cms.sites import request_site
from newsletters.feeds import ENCLOSURE_SPEC
from newsletters.models import PublicationPage

from . import activities, actors, remote
from .models import Follower
from .signatures import SignatureError, signed_get, verify_request
from .tasks import deliver

logger = logging.getLogger(__name__)

ACTIVITY_JSON = "application/activity+json; charset=utf-8"
OUTBOX_PAGE_SIZE = 20
CACHE_SECONDS = 5 * 60
MAX_INBOX_BYTES = 256 * 1024


def activity_response(data, status=200, content_type=ACTIVITY_JSON, cache=True):
    response = JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    if cache:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS, s_maxage=CACHE_SECONDS)
    else:
        add_never_cache_headers(response)
    return response


def served_here(request, publication):
    """True when the publication belongs to the Site this request's host is."""
    return urlsplit(activities.site_url(publication)).hostname == request.get_host().rsplit(":", 1)[0]


def publication_or_404(request, kind, pk):
    """The live, public actor page of this kind (a publication, a place) with this id, on this host."""
    actor_kind = actors.kind_named(kind)
    if actor_kind is None:
        raise Http404
    publication = get_object_or_404(actor_kind.model.objects.live().public(), pk=pk)
    if not served_here(request, publication):
        raise Http404
    return publication


@require_safe
def webfinger(request):
    """``acct:slug@host`` → the actor with that slug on this host's Site (publications before places)."""
    resource = request.GET.get("resource", "")
    user, _at, host = resource.removeprefix("acct:").lstrip("@").partition("@")
    if not resource.startswith("acct:") or not user or not host:
        return activity_response({"error": "resource must be acct:name@host"}, status=400, cache=False)
    root = request_site(request).root_page
    publication = actors.find(root, user)
    if (
        publication is None
        or not served_here(request, publication)
        or activities.handle_host(publication) != host
    ):
        return activity_response({"error": "no such account"}, status=404, cache=False)
    actor_url = activities.actor_url(publication)
    return activity_response(
        {
            "subject": f"acct:{publication.slug}@{host}",
            "aliases": [actor_url, publication.get_full_url(request)],
            "links": [
                {"rel": "self", "type": "application/activity+json", "href": actor_url},
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": publication.get_full_url(request),
                },
            ],
        },
        content_type="application/jrd+json; charset=utf-8",
    )


@require_safe
def actor(request, kind, pk):
    publication = publication_or_404(request, kind, pk)
    return activity_response(activities.actor_document(publication, activities.actor_for(publication)))


@require_safe
def followers(request, kind, pk):
    """How many follow; who they are is nobody else's business."""
    publication = publication_or_404(request, kind, pk)
    count = Follower.objects.filter(actor__page=publication).count()
    return activity_response(
        {
            "@context": activities.CONTEXT[0],
            "id": activities.actor_url(publication, "followers"),
            "type": "OrderedCollection",
            "totalItems": count,
        }
    )


@require_safe
def outbox(request, kind, pk):
    """The actor's live posts as ``Create`` activities, newest first, OUTBOX_PAGE_SIZE at a time."""
    publication = publication_or_404(request, kind, pk)
    url = activities.actor_url(publication, "outbox")
    posts = actors.kind_named(kind).posts(publication).select_related("lead_image").prefetch_related("tags")
    paginator = Paginator(posts, OUTBOX_PAGE_SIZE)
    if "page" not in request.GET:
        return activity_response(
            {
                "@context": activities.CONTEXT[0],
                "id": url,
                "type": "OrderedCollection",
                "totalItems": paginator.count,
                "first": f"{url}?page=1",
                "last": f"{url}?page={paginator.num_pages}",
            }
        )
    try:
        page = paginator.page(request.GET["page"])
    except (EmptyPage, ValueError, TypeError):
        return activity_response({"error": "no such page"}, status=404, cache=False)
    items = list(page.object_list)
    prefetch_renditions([post.lead_image for post in items if post.lead_image], ENCLOSURE_SPEC)
    # Each post's own publication (one query), for its tags' links; a publication's own are its.
    parents = {post.path[: -post.steplen] for post in items} - {publication.path}
    own = {page.path: page for page in PublicationPage.objects.filter(path__in=parents)}
    own[publication.path] = publication
    for post in items:
        post.publication = own.get(post.path[: -post.steplen])
    data = {
        "@context": activities.CONTEXT[0],
        "id": f"{url}?page={page.number}",
        "type": "OrderedCollectionPage",
        "partOf": url,
        "totalItems": paginator.count,
        "orderedItems": [
            activities.wrap("Create", publication, activities.article(post, publication)) for post in items
        ],
    }
    if page.has_next():
        data["next"] = f"{url}?page={page.next_page_number()}"
    if page.has_previous():
        data["prev"] = f"{url}?page={page.previous_page_number()}"
    return activity_response(data)


def object_id(value):
    return value.get("id") if isinstance(value, dict) else value


# Other servers post here, not browsers: there is no cookie, no session and no form, so the
# site's CSRF check (and the refusal of cross-site form posts) cannot apply and would refuse
# every follow. What stands in for it is the HTTP Signature: nothing is read or stored unless
# the request is signed by the key of the account it speaks for, with a fresh date and a
# digest of this very body. That is why this one view, and no other, is exempt.
@csrf_exempt
@require_POST
def inbox(request, kind, pk):
    """Takes signed ``Follow`` and ``Undo`` of a follow; answers ``Accept`` through the task queue."""
    publication = publication_or_404(request, kind, pk)
    body = request.body
    if len(body) > MAX_INBOX_BYTES:
        return activity_response({"error": "too large"}, status=413, cache=False)
    actor = activities.actor_for(publication)
    ours = (activities.key_id(publication), activities.signing_key(actor))
    try:
        signer = verify_request(request, body, ours)
    except SignatureError as error:
        logger.info("Refused an inbox post for publication %s: %s", publication.pk, error)
        return activity_response({"error": "a valid HTTP signature is required"}, status=401, cache=False)
    try:
        activity = json.loads(body)
    except ValueError:
        activity = None
    if not isinstance(activity, dict):
        return activity_response({"error": "not an activity"}, status=400, cache=False)
    if object_id(activity.get("actor")) != signer:
        logger.info("Refused an activity signed by %s on behalf of someone else", signer)
        return activity_response({"error": "signed by another actor"}, status=401, cache=False)
    kind = activity.get("type")
    if kind == "Follow":
        if object_id(activity.get("object")) != activities.actor_url(publication):
            return activity_response({"error": "this follow is for someone else"}, status=400, cache=False)
        try:
            document = remote.fetch_json(signer, signed_get(signer, ours))
        except remote.RemoteError as error:
            logger.info("Could not read the follower %s: %s", signer, error)
            return activity_response({"error": "could not read your actor"}, status=400, cache=False)
        follower_inbox = document.get("inbox") if isinstance(document, dict) else None
        if not isinstance(follower_inbox, str) or urlsplit(follower_inbox).scheme not in ("http", "https"):
            return activity_response({"error": "your actor has no inbox"}, status=400, cache=False)
        endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
        shared = endpoints.get("sharedInbox") if isinstance(endpoints.get("sharedInbox"), str) else ""
        with transaction.atomic():
            Follower.objects.update_or_create(
                actor=actor,
                account=signer,
                defaults={"inbox": follower_inbox[:500], "shared_inbox": shared[:500], "failures": 0},
            )
            accept = activities.accept(publication, activity)
            transaction.on_commit(lambda: deliver.enqueue(actor.pk, follower_inbox, accept))
    elif (
        kind == "Undo"
        and isinstance(activity.get("object"), dict)
        and activity["object"].get("type") == "Follow"
    ):
        Follower.objects.filter(actor=actor, account=signer).delete()
    # Anything else (replies, likes, boosts) is not read: the actor document says so.
    return activity_response({}, status=202, cache=False)
