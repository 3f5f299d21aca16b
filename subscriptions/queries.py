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


def personal_data_for_email(email):
    """Every subscription held for ``email`` (any case), with its consent record and the issues sent.

    For a subject access request: plain dicts, ready to be written to a file.
    """
    subscribers = (
        Subscriber.objects.filter(email__iexact=email.strip())
        .select_related("publication")
        .prefetch_related("deliveries__post")
        .order_by("created_at", "pk")
    )
    return [
        {
            "publication": subscriber.publication.title,
            "publication_address": subscriber.publication.full_url,
            "email": subscriber.email,
            "name": subscriber.name,
            "status": subscriber.get_status_display(),
            "consent_text": subscriber.consent_text,
            "consented_at": subscriber.consented_at,
            "consent_source": subscriber.source,
            "confirmed_at": subscriber.confirmed_at,
            "unsubscribed_at": subscriber.unsubscribed_at,
            "bounce_count": subscriber.bounce_count,
            "created_at": subscriber.created_at,
            "issues_sent": [
                {
                    "issue": delivery.post.title,
                    "status": delivery.get_status_display(),
                    "sent_at": delivery.sent_at,
                }
                for delivery in subscriber.deliveries.all()
            ],
        }
        for subscriber in subscribers
    ]


def confirmed_subscribers_since_subquery(publication_ref, since_ref, until=None):
    """An annotation counting confirmed subscribers of ``publication_ref`` who confirmed at or after
    the moment ``since_ref`` names (and before ``until``, a datetime, if given)."""
    rows = Subscriber.objects.filter(
        publication=OuterRef(publication_ref),
        status=Subscriber.Status.CONFIRMED,
        confirmed_at__gte=OuterRef(since_ref),
    ).order_by()
    if until is not None:
        rows = rows.filter(confirmed_at__lt=until)
    return Coalesce(Subquery(rows.annotate(n=SubqueryCount()).values("n")[:1]), 0)


def confirmed_subscribers_since_count(publication_ref, since_ref):
    """An aggregate: confirmed subscribers of ``publication_ref`` who confirmed at or after the moment
    ``since_ref`` names, added up over the outer rows. One join of the subscribers, rather than a
    count per row (which reads each publication's subscribers again for every row)."""
    from django.db.models import Count, F, Q

    relation = f"{publication_ref}__{Subscriber._meta.get_field('publication').related_query_name()}"
    return Count(
        relation,
        filter=Q(
            **{
                f"{relation}__status": Subscriber.Status.CONFIRMED,
                f"{relation}__confirmed_at__gte": F(since_ref),
            }
        ),
    )


def subscriber_months_by_publication(root_path):
    """Rows of (publication path, month confirmed, confirmed subscribers) below ``root_path``: one query."""
    from django.db.models import Count, DateField, F
    from django.db.models.functions import TruncMonth

    return list(
        Subscriber.objects.filter(
            status=Subscriber.Status.CONFIRMED,
            confirmed_at__isnull=False,
            publication__path__startswith=root_path,
        )
        .annotate(
            publication_path=F("publication__path"),
            month=TruncMonth("confirmed_at", output_field=DateField()),
        )
        .values("publication_path", "month")
        .annotate(subscribers=Count("pk"))
        .order_by()
    )


def send_to_subscribers(post):
    """Queue a live issue for every confirmed subscriber of its publication who has not had it.

    The same send engine as the admin's "Send by email" (subscriptions.delivery.start_send): the
    workers start once the caller's transaction commits. Returns how many were queued.
    """
    from .delivery import start_send

    return start_send(post)


def email_warning_messages(post):
    """The send-time email checks (email_checks) for ``post``, as "Send by email" shows them: a list of
    messages, empty when all is well. ``post`` may be a draft (a revision's page)."""
    from .admin_views import email_preview

    return [warning.message for warning in email_preview(post)[1]]
