"""Helpers who register once to help across the network: registering, confirming, who sees them.

Which towns there are is not this app's business: the caller (the network's form) passes the
town home pages the person ticked, and organisers see the registrations that chose a page they
may edit, which is Wagtail's own page permission (a town's organisers edit their town's tree).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.admin_viewsets import scoped_to_editable_pages

from .models import NetworkHelper
from .tokens import HELPER_LINK_DAYS

# The people trusted with helpers' and bookers' details in their towns (add_town gives it).
HELPER_LIST_PERMISSION = "surgeries.view_booking"


def register(*, name, email, can_offer, town_page_ids, writing_town_id, language):
    """Store a registration (pending until the address is confirmed) and queue its confirmation email.

    ``writing_town_id``: the town home page whose website emails the helper.
    """
    from .tasks import send_network_helper_confirmation

    with transaction.atomic():
        helper = NetworkHelper.objects.create(
            name=name,
            email=email.strip().lower(),
            can_offer=can_offer,
            writing_town_id=writing_town_id,
            language=language,
        )
        helper.towns.set(town_page_ids)
        transaction.on_commit(lambda: send_network_helper_confirmation.enqueue(helper.pk))
    return helper


def confirm(helper):
    """The helper clicked the link in their email; their earlier confirmed registration gives way."""
    with transaction.atomic():
        if helper.status != NetworkHelper.Status.CONFIRMED:
            helper.status = NetworkHelper.Status.CONFIRMED
            helper.confirmed_at = timezone.now()
            helper.save(update_fields=["status", "confirmed_at"])
        NetworkHelper.objects.confirmed().filter(email=helper.email).exclude(pk=helper.pk).filter(
            confirmed_at__lte=helper.confirmed_at
        ).delete()
    return helper


def withdraw(helper):
    """The helper no longer offers to help: every registration of their address is deleted.

    Organisers stop seeing them at once, and nothing about them is kept, as with an offer never
    confirmed (``delete_unconfirmed``): the network keeps no one's details without their offer.
    Returns how many registrations went.
    """
    _, deleted = NetworkHelper.objects.filter(email=helper.email).delete()
    return deleted.get(NetworkHelper._meta.label, 0)


def delete_unconfirmed(now=None):
    """Forget registrations whose confirmation link has run out unused; returns how many.

    Anyone can type an address into the form, so an offer nobody confirmed is kept no longer
    than its link works.
    """
    cutoff = (now or timezone.now()) - timedelta(days=HELPER_LINK_DAYS)
    deleted, _ = NetworkHelper.objects.filter(
        status=NetworkHelper.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


def may_list_helpers(user):
    return user.is_active and (user.is_superuser or user.has_perm(HELPER_LIST_PERMISSION))


def helpers_for(user):
    """The confirmed helpers this person may see: all for network admins (superusers); for a town's
    organisers, those who chose a town whose home page they may edit."""
    if not (user.is_authenticated and may_list_helpers(user)):
        return NetworkHelper.objects.none()
    # One helper may have chosen several of this person's towns: distinct, once each.
    helpers = scoped_to_editable_pages(NetworkHelper.objects.confirmed(), user, "towns").distinct()
    return helpers.prefetch_related("towns")
