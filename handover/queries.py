"""What has happened since the help was given, from the site's own data, in one query.

Each help record with a publication gets three figures as annotations: live
posts first published since the help, the date of the latest live post, and
confirmed subscribers. Subqueries keep it to one query however long the log.
"""

from django.db.models import Count, Func, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from newsletters.models import PostPage
from subscriptions.queries import confirmed_subscriber_count, confirmed_subscribers_subquery


class SubqueryCount(Func):
    """COUNT(*) over a subquery's rows, without a GROUP BY."""

    template = "COUNT(*)"
    output_field = IntegerField()


def posts_of(publication_ref):
    """Live posts directly under the publication an OuterRef points at."""
    return PostPage.objects.filter(
        live=True,
        path__startswith=OuterRef(f"{publication_ref}__path"),
        depth=OuterRef(f"{publication_ref}__depth") + 1,
    ).order_by()


def with_since_figures(records):
    """Help records annotated with ``posts_since``, ``last_post_date`` and ``subscriber_count``."""
    posts_since = posts_of("publication").filter(first_published_at__gte=OuterRef("created_at"))
    latest = posts_of("publication").values("depth").annotate(latest=Max("date")).values("latest")
    return records.select_related("surgery", "helper", "publication").annotate(
        posts_since=Coalesce(Subquery(posts_since.annotate(n=SubqueryCount()).values("n")[:1]), 0),
        last_post_date=Subquery(latest[:1]),
        subscriber_count=confirmed_subscribers_subquery("publication"),
    )


def publication_figures(publication):
    """Live posts, the latest post's date and confirmed subscribers of one publication."""
    live_posts = PostPage.objects.child_of(publication).live()
    figures = live_posts.aggregate(count=Count("pk"), latest=Max("date"))
    figures["subscribers"] = confirmed_subscriber_count(publication)
    return figures


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def personal_data_for_email(email):
    """Help-log entries about ``email`` (any case), for a subject access request, as plain dicts.

    The help log records names rather than addresses, so an entry is found when the
    account made for the person helped has this address, or the address was written
    into the entry's text or a follow-up.
    """
    from django.db.models import Q

    from .models import HelpRecord

    email = email.strip()
    mentions = (
        Q(newcomer__email__iexact=email)
        | Q(helped_name__icontains=email)
        | Q(group_name__icontains=email)
        | Q(notes__icontains=email)
        | Q(link__icontains=email)
        | Q(follow_ups__what_changed__icontains=email)
    )
    records = (
        HelpRecord.objects.filter(pk__in=HelpRecord.objects.filter(mentions).values("pk"))
        .select_related("surgery", "helper", "newcomer", "publication")
        .prefetch_related("follow_ups")
        .order_by("created_at", "pk")
    )
    return [
        {
            "who_was_helped": record.helped_name,
            "group": record.group_name,
            "helped_with": list(record.topic_labels),
            "surgery": record.surgery.title if record.surgery else "",
            "helper": _person(record.helper),
            "account_made": record.newcomer.get_username() if record.newcomer else "",
            "account_email": record.newcomer.email if record.newcomer else "",
            "link": record.link,
            "publication": record.publication.title if record.publication else "",
            "notes": record.notes,
            "date": record.created_at,
            "follow_ups": [
                {
                    "date": follow_up.date,
                    "what_changed": follow_up.what_changed,
                    "consent_to_publish": follow_up.consent_to_publish,
                }
                for follow_up in record.follow_ups.all()
            ],
        }
        for record in records
    ]


def organiser_permissions():
    """What a town's organisers need to keep the help log: add, change and view records and follow-ups."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from .models import FollowUp, HelpRecord

    models = [HelpRecord, FollowUp]
    codenames = [
        f"{action}_{model._meta.model_name}" for model in models for action in ("add", "change", "view")
    ]
    return Permission.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values(), codename__in=codenames
    )


STORY_PATHS_KEY = "handover:story-pages"


def _story_paths_key():
    from cms.site_cache import content_version

    # Under the site's cache generation too: a page moved, unpublished or translated starts a new one.
    return f"{STORY_PATHS_KEY}:{content_version()}"


def _story_pages():
    """{"paths": tree paths of the surgeries (or publications) with a shared story, "places": the
    translation keys of every page at or above them}, from the cache; two queries when it is cold."""
    from django.core.cache import cache

    from wagtail.models import Page

    from .models import FollowUp

    key = _story_paths_key()
    pages = cache.get(key)
    if pages is None:
        rows = FollowUp.objects.filter(consent_to_publish=True, hide_story=False).values_list(
            "help_record__surgery__path", "help_record__publication__path"
        )
        paths = sorted({surgery or publication for surgery, publication in rows if surgery or publication})
        steplen = Page.steplen
        above = {path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)}
        keys = Page.objects.filter(path__in=above).values_list("translation_key", flat=True) if above else []
        pages = {"paths": paths, "places": sorted({str(key) for key in keys})}
        cache.set(key, pages, 60 * 60 * 24)
    return pages


def story_paths():
    """The tree paths of the surgeries (or, away from a surgery, publications) with a story on the
    What changed pages, from the cache (``forget_story_paths``)."""
    return _story_pages()["paths"]


def has_stories(place):
    """Does the What changed page of ``place`` (a page, in any language) show a story? No query once cached.

    Its page counts the stories below the place and below each of its translations, so a
    translated place (wagtail-localize's copy, in its own tree) has the stories its English
    original has, and the other way round.
    """
    return str(place.translation_key) in _story_pages()["places"]


def forget_story_paths(**kwargs):
    """A follow-up or help-log entry changed: the next ``story_paths`` reads them again."""
    from django.core.cache import cache

    cache.delete(_story_paths_key())
