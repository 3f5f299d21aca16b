"""Wagtail admin: send an issue by email, watch it go, and look after one newsletter's list
(the listing of everyone on the lists is subscriptions.viewsets).

Who may do what is Wagtail's own page permissions, no new system: sending an
issue needs permission to publish it; seeing, exporting and erasing a
newsletter's subscribers needs permission to edit the newsletter page.
Editors see counts only, never who opened or clicked anything (nothing is tracked).
"""

from urllib.parse import unquote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from wagtail import hooks

from cms.admin_viewsets import explained_refusal
from newsletters.models import EMAILED_KINDS, PostPage, PublicationPage

from . import delivery, signup
from .conf import pending_days
from .email_checks import email_warnings
from .models import Delivery, Subscriber
from .rendering import UNSUBSCRIBE_PLACEHOLDER, IssueEmail, sender
from .tasks import send_test_issue

CSV_FIELDS = [
    "email",
    "name",
    "status",
    "consent_text",
    "consented_at",
    "source",
    "confirmed_at",
    "unsubscribed_at",
    "bounce_count",
]


forbidden_as_403 = explained_refusal("subscriptions/admin/forbidden.html")


def emailed_publication_paths(user):
    """The tree paths of every newsletter and digest, read once per request.

    Kept on the request's user object, as Wagtail keeps its page permissions, so a page listing asks
    once for all its rows instead of once per issue (its rows' "Send by email" buttons).
    """
    if not hasattr(user, "_emailed_publication_paths"):
        emailed = PublicationPage.objects.filter(kind__in=EMAILED_KINDS).values_list("path", flat=True)
        user._emailed_publication_paths = frozenset(emailed)
    return user._emailed_publication_paths


def is_newsletter_issue(post, user):
    """A live post of a newsletter (not a blog post, not a draft never published)."""
    return post.live and post.path[: -post.steplen] in emailed_publication_paths(user)


def can_send(post, user):
    """Whether ``user`` may send ``post`` by email: a live newsletter issue they may publish."""
    return is_newsletter_issue(post, user) and post.permissions_for_user(user).can_publish()


def sendable_post_or_403(request, page_id):
    post = get_object_or_404(PostPage, pk=page_id)
    if not post.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if not is_newsletter_issue(post, request.user):
        raise Http404(gettext("Only published issues of a newsletter can be sent by email."))
    return post


def picture_titles(post):
    """The issue's pictures' titles by the file name of their email rendition, to name them in warnings."""
    images = [post.lead_image] if post.lead_image else []
    images += [
        block.value["image"] for block in post.body if block.block_type == "image" and block.value["image"]
    ]
    titles = {}
    for image in images:
        url = image.get_rendition("width-1200|format-jpeg").url
        titles[unquote(url.rsplit("/", 1)[-1])] = image.title
    return titles


def email_preview(post):
    """The plain-text version and the send-time warnings, from the email exactly as subscribers get it."""
    email = IssueEmail(post)
    _subject, text, markup = email.parts
    warnings = email_warnings(markup, text, site_url=email.base, image_names=picture_titles(post))
    return text.replace(UNSUBSCRIBE_PLACEHOLDER, gettext("(each reader's own unsubscribe link)")), warnings


def not_yet_sent_count(post):
    publication = post.get_publication()
    return (
        Subscriber.objects.filter(publication=publication, status=Subscriber.Status.CONFIRMED)
        .exclude(deliveries__post=post)
        .count()
    )


@forbidden_as_403
def send_issue(request, page_id):
    """The start of a send: test it on yourself, then go on to send it to everyone."""
    post = sendable_post_or_403(request, page_id)
    if request.method == "POST":
        if not request.user.email:
            messages.error(
                request, gettext("Your account has no email address: add one in your account settings first.")
            )
        else:
            send_test_issue.enqueue(post.pk, request.user.email)
            messages.success(
                request, gettext("A test copy is on its way to %(email)s.") % {"email": request.user.email}
            )
        return redirect("subscriptions_sending:send", page_id=post.pk)
    publication = post.get_publication()
    from_email, reply_to = sender(publication)
    context = {
        "page_title": gettext("Send “%(title)s” by email") % {"title": post.title},
        "header_icon": "mail",
        "post": post,
        "publication": publication,
        "from_email": from_email,
        "reply_to": reply_to[0] if reply_to else "",
        "recipients": not_yet_sent_count(post),
        "progress": delivery.progress(post),
    }
    return TemplateResponse(request, "subscriptions/admin/send.html", context)


@forbidden_as_403
def confirm_send(request, page_id):
    """The confirmation step: nothing is sent until the editor presses the button here."""
    post = sendable_post_or_403(request, page_id)
    recipients = not_yet_sent_count(post)
    if request.method == "POST":
        added = delivery.start_send(post)
        messages.success(
            request,
            ngettext("Sending to %(count)d subscriber.", "Sending to %(count)d subscribers.", added)
            % {"count": added},
        )
        return redirect("subscriptions_sending:progress", page_id=post.pk)
    text, warnings = email_preview(post) if recipients else ("", [])
    context = {
        "page_title": gettext("Send to subscribers?"),
        "header_icon": "mail",
        "post": post,
        "publication": post.get_publication(),
        "recipients": recipients,
        "warnings": warnings,
        "plain_text": text,
    }
    return TemplateResponse(request, "subscriptions/admin/confirm_send.html", context)


@forbidden_as_403
def send_progress(request, page_id):
    """Sent, failed and remaining, refreshed every few seconds while a send is under way."""
    post = sendable_post_or_403(request, page_id)
    counts = delivery.progress(post)
    context = {
        "page_title": gettext("Sending “%(title)s”") % {"title": post.title},
        "header_icon": "mail",
        "post": post,
        "publication": post.get_publication(),
        "progress": counts,
        "recent_failures": Delivery.objects.filter(post=post, status=Delivery.Status.FAILED)
        .order_by("-pk")
        .values_list("last_error", flat=True)[:5],
        "refresh": counts["remaining"] > 0,
    }
    return TemplateResponse(request, "subscriptions/admin/progress.html", context)


# --- a newsletter's list --------------------------------------------------------------


def newsletter_for_editor(request, publication_id):
    publication = get_object_or_404(PublicationPage, pk=publication_id, kind__in=EMAILED_KINDS)
    if not publication.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return publication


def status_counts(queryset):
    return queryset.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values},
        total=Count("pk"),
    )


class EraseForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address to erase"), help_text=gettext_lazy("Exactly as they signed up.")
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand this deletes the person's sign-up, consent record and sending history for good."
        ),
    )


@forbidden_as_403
def newsletter_subscribers(request, publication_id):
    """One newsletter's counts, its CSV export and erasing one person on request."""
    publication = newsletter_for_editor(request, publication_id)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = signup.normalise_email(form.cleaned_data["email"])
        subscriber = Subscriber.objects.filter(publication=publication, email=email).first()
        if subscriber is None:
            form.add_error("email", gettext("Nobody with that address is on this newsletter's list."))
        else:
            signup.erase(subscriber)
            messages.success(
                request,
                gettext("%(email)s has been erased from %(newsletter)s.")
                % {"email": email, "newsletter": publication.title},
            )
            return redirect("subscriptions_subscribers:newsletter", publication_id=publication.pk)
    context = {
        "page_title": gettext("Subscribers of %(newsletter)s") % {"newsletter": publication.title},
        "header_icon": "group",
        "publication": publication,
        "counts": status_counts(Subscriber.objects.filter(publication=publication)),
        # Readers who follow in other ways (fediverse followers), from apps built beside this one.
        "other_counts": [count(publication) for count in hooks.get_hooks("publication_audience_counts")],
        "pending_days": pending_days(),
        "form": form,
    }
    return TemplateResponse(request, "subscriptions/admin/subscribers.html", context)


def send_button_url(post):
    return reverse("subscriptions_sending:send", args=[post.pk])
