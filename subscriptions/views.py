"""Public pages: sign up, confirm, unsubscribe.

Why the sign-up endpoint is ``csrf_exempt``: the form sits on every newsletter
page and post, and a CSRF token would need a cookie, which would cost those
pages their cacheability and set a cookie for every anonymous reader. A forged
sign-up does no harm because of double opt-in: nothing is sent to an address
except one confirmation email until its owner presses the button in it. What
is left (bots, floods) is handled by a honeypot and a per-IP rate limit.

Confirm and unsubscribe are also ``csrf_exempt``: the signed token in the
address is the secret, and RFC 8058 one-click unsubscribe is a POST from the
reader's mail client that carries no cookie. A GET never changes anything
there, because mail scanners follow links.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only
from cms.languages import reader_language
from newsletters.models import EMAILED_KINDS, PublicationPage

from . import signup
from .conf import pending_days
from .forms import SubscribeForm
from .models import Subscriber
from .tokens import subscriber_id_from_confirm_token, subscriber_id_from_unsubscribe_token

SIGNUP_LIMIT_PER_HOUR = 10


def newsletter_or_404(publication_id):
    publication = (
        PublicationPage.objects.live().public().filter(pk=publication_id, kind__in=EMAILED_KINDS).first()
    )
    if publication is None:
        raise Http404(_("There is no newsletter here."))
    return publication


def safe_source(request, publication, source):
    """The page the form was on, if it is one of ours; else the newsletter's own page."""
    hosts = {request.get_host(), settings.WAGTAILADMIN_BASE_URL.split("//", 1)[-1].split("/", 1)[0]}
    if source and url_has_allowed_host_and_scheme(source, allowed_hosts=hosts):
        return request.build_absolute_uri(source)
    return publication.get_full_url(request) or ""


@csrf_exempt  # no cookie on newsletter pages; see the module docstring
@same_site_forms_only  # but a page on another site cannot sign anyone up
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, publication_id):
    """The sign-up form on a page of its own (GET), and where every sign-up form posts to."""
    publication = newsletter_or_404(publication_id)
    if request.method != "POST":
        form = SubscribeForm(publication=publication, initial={"source": publication.get_full_url(request)})
        return render(request, "subscriptions/subscribe.html", {"publication": publication, "form": form})

    if rate_limited(request, "subscribe", SIGNUP_LIMIT_PER_HOUR, 3600):
        context = {"publication": publication, "message": _("Too many sign-ups from here. Please try later.")}
        return render(request, "subscriptions/problem.html", context, status=429)
    form = SubscribeForm(request.POST, publication=publication)
    if form.is_spam():
        # Bots get the same answer as people, so they learn nothing; nothing is stored.
        return redirect("subscriptions:check_inbox", publication_id=publication.pk)
    if not form.is_valid():
        context = {"publication": publication, "form": form}
        return render(request, "subscriptions/subscribe.html", context, status=400)
    signup.sign_up(
        publication,
        form.cleaned_data["email"],
        name=form.cleaned_data["name"],
        source=safe_source(request, publication, form.cleaned_data["source"]),
        language=reader_language(),
    )
    # The same redirect whether the address was new, pending or already subscribed.
    return redirect("subscriptions:check_inbox", publication_id=publication.pk)


def check_inbox(request, publication_id):
    """After signing up: what happens next. The same page for everyone, so it may be cached."""
    publication = newsletter_or_404(publication_id)
    return render(request, "subscriptions/check_inbox.html", {"publication": publication})


def invalid_link(request):
    context = {
        "message": _(
            "This link does not work any more. It may be old or incomplete: "
            "copy the whole link from the email, or sign up again."
        )
    }
    return render(request, "subscriptions/problem.html", context, status=400)


@never_cache
@csrf_exempt  # the signed token is the secret; no cookie is involved (see the module docstring)
@same_site_forms_only
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: a page with a button (mail scanners follow links). POST: confirm the sign-up."""
    subscriber_id = subscriber_id_from_confirm_token(token)
    subscriber = Subscriber.objects.select_related("publication").filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status not in (
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
    ):
        return invalid_link(request)
    context = {"subscriber": subscriber, "publication": subscriber.publication}
    if request.method == "GET":
        return render(request, "subscriptions/confirm.html", {**context, "pending_days": pending_days()})
    signup.confirm(subscriber)
    return render(request, "subscriptions/confirmed.html", context)


@never_cache
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no cookie and no token of ours
@same_site_forms_only  # a mail provider sends no Origin; a hostile page in a browser does
@require_http_methods(["GET", "HEAD", "POST"])  # link checkers and mail scanners send HEAD
def unsubscribe(request, token):
    """GET and HEAD: a page with a button, which never unsubscribes. POST: unsubscribe at once."""
    subscriber_id = subscriber_id_from_unsubscribe_token(token)
    subscriber = Subscriber.objects.select_related("publication").filter(pk=subscriber_id).first()
    if subscriber is None:
        return invalid_link(request)
    context = {"subscriber": subscriber, "publication": subscriber.publication}
    if request.method != "POST":
        return render(request, "subscriptions/unsubscribe.html", context)
    signup.unsubscribe(subscriber)
    context["resubscribe_url"] = reverse("subscriptions:subscribe", args=[subscriber.publication_id])
    return render(request, "subscriptions/unsubscribed.html", context)
