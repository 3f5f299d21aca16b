"""What has happened since the help was given, from the site's own data, in one query.

Each help record with a publication gets three figures as annotations: live
posts first published since the help, the date of the latest live post, and
confirmed subscribers. Subqueries keep it to one query however long the log.
"""

from django.apps import apps
from django.db.models import Count, Func, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from newsletters.models import PostPage


class SubqueryCount(Func):
    """COUNT(*) over a subquery's rows, without a GROUP BY."""

    template = "COUNT(*)"
    output_field = IntegerField()


def subscriber_model():
    """subscriptions.Subscriber and the name of its publication field, or (None, None) until it exists."""
    try:
        model = apps.get_model("subscriptions", "Subscriber")
    except LookupError:
        return None, None
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if field.many_to_one and related is not None and related._meta.label == "newsletters.PublicationPage":
            return model, field.name
    return None, None


def posts_of(publication_ref):
    """Live posts directly under the publication an OuterRef points at."""
    return PostPage.objects.filter(
        live=True,
        path__startswith=OuterRef(f"{publication_ref}__path"),
        depth=OuterRef(f"{publication_ref}__depth") + 1,
    ).order_by()


def confirmed_subscribers(publication_ref):
    """A subquery counting confirmed subscribers of a publication, or 0 before subscriptions exists."""
    model, field_name = subscriber_model()
    if model is None:
        return Value(0, output_field=IntegerField())
    rows = model.objects.filter(**{field_name: OuterRef(publication_ref), "status": "confirmed"}).order_by()
    return Coalesce(Subquery(rows.annotate(n=SubqueryCount()).values("n")[:1]), 0)


def with_since_figures(records):
    """Help records annotated with ``posts_since``, ``last_post_date`` and ``subscriber_count``."""
    posts_since = posts_of("publication").filter(first_published_at__gte=OuterRef("created_at"))
    latest = posts_of("publication").values("depth").annotate(latest=Max("date")).values("latest")
    return records.select_related("surgery", "helper", "publication").annotate(
        posts_since=Coalesce(Subquery(posts_since.annotate(n=SubqueryCount()).values("n")[:1]), 0),
        last_post_date=Subquery(latest[:1]),
        subscriber_count=confirmed_subscribers("publication"),
    )


def publication_figures(publication):
    """Live posts, the latest post's date and confirmed subscribers of one publication."""
    live_posts = PostPage.objects.child_of(publication).live()
    figures = live_posts.aggregate(count=Count("pk"), latest=Max("date"))
    model, field_name = subscriber_model()
    figures["subscribers"] = (
        model.objects.filter(**{field_name: publication, "status": "confirmed"}).count() if model else 0
    )
    return figures
