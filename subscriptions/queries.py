"""What other apps may ask about subscribers, without touching the Subscriber model themselves."""

from django.db.models import Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Subscriber


class SubqueryCount(Func):
    """COUNT(*) over a subquery's rows, without a GROUP BY."""

    template = "COUNT(*)"
    output_field = IntegerField()


def confirmed_subscriber_count(publication):
    """How many people have confirmed they want ``publication`` by email."""
    return Subscriber.objects.filter(publication=publication, status=Subscriber.Status.CONFIRMED).count()


def confirmed_subscribers_subquery(publication_ref):
    """An annotation counting confirmed subscribers of the publication ``publication_ref`` names.

    For listings: one subquery in the listing's own query, however many rows it has.
    """
    rows = Subscriber.objects.filter(
        publication=OuterRef(publication_ref), status=Subscriber.Status.CONFIRMED
    ).order_by()
    return Coalesce(Subquery(rows.annotate(n=SubqueryCount()).values("n")[:1]), 0)
