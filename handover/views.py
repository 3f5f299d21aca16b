"""The hand-over in the admin (set up, show the invitation, issue a fresh one, welcome)
and the public invitation page where a newcomer chooses their password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log as log_action
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision, WorkflowPage

from cms.abuse import rate_limited
from cms.cross_site import same_site_forms_only
from cms.qr import qr_code_svg
from cms.sites import page_site_url, site_root
from newsletters.models import PostPage
from surgeries.queries import surgeries_for_the_help_log

from .editor import helper_first_name
from .forms import ChoosePasswordForm, NewcomerForm
from .models import INVITE_LIFETIME, HelpRecord, Invite
from .permissions import account_in_use, can_set_up_newcomers, may_manage_invitation, newcomer
from .queries import publication_figures
from .setup import issue_invite, set_up_newcomer

INVITE_ATTEMPTS_PER_HOUR = 30


def helpers_only(view):
    """Superusers and surgery helpers only; Wagtail sends anyone else to the dashboard with a message."""

    def check(request, *args, **kwargs):
        if not can_set_up_newcomers(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return check


@method_decorator(helpers_only, name="dispatch")
class SetUpNewcomerView(WagtailAdminTemplateMixin, FormView):
    """One form that leaves a newcomer with an account, a publication and a first draft."""

    form_class = NewcomerForm
    template_name = "handover/admin/set_up.html"
    page_title = gettext_lazy("Set up a newcomer")
    header_icon = "user"

    def site_root(self):
        """The helper's site (the one this admin is served for): its places and surgeries are offered."""
        return site_root(self.request, in_request_language=False, required=False)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "site_root": self.site_root()}

    def get_initial(self):
        """Coming from a surgery: that surgery and its place are already chosen."""
        surgery_id = self.request.GET.get("surgery", "")
        surgery = (
            surgeries_for_the_help_log(self.site_root()).filter(pk=surgery_id).first()
            if surgery_id.isascii() and surgery_id.isdecimal()
            else None
        )
        if surgery is None:
            return {}
        return {"surgery": surgery, "place": surgery.get_parent()}

    def form_valid(self, form):
        record = set_up_newcomer(form.newcomer(), self.request.user)
        messages.success(
            self.request,
            gettext("%(name)s is set up. Give them the link or the code below.")
            % {"name": record.helped_name},
        )
        return redirect("handover_newcomers:handed_over", pk=record.pk)


@method_decorator(helpers_only, name="dispatch")
class HandedOverView(WagtailAdminTemplateMixin, TemplateView):
    """The invitation link and its QR code, to read out, scan or copy."""

    template_name = "handover/admin/handed_over.html"
    page_title = gettext_lazy("Invitation")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        record = get_object_or_404(
            HelpRecord.objects.select_related("newcomer", "publication", "surgery", "set_up_by"),
            pk=self.kwargs["pk"],
        )
        if record.newcomer_id is None:
            raise PermissionDenied
        may_manage = may_manage_invitation(self.request.user, record)
        in_use = account_in_use(record)
        # Another helper (or anyone, once the account is in use) never sees a working link.
        invite = record.invites.usable().first() if may_manage and not in_use else None
        # On the host of the newcomer's own town, wherever the helper's admin is open.
        link = page_site_url(record.section(), self.request) + invite.get_absolute_url() if invite else ""
        return super().get_context_data(
            record=record,
            may_manage=may_manage,
            account_in_use=in_use,
            reissues=log_registry.get_logs_for_instance(record)
            .filter(action=REISSUE_ACTION)
            .select_related("user")
            .order_by("-timestamp"),
            invite=invite,
            invite_link=link,
            qr_code=qr_code_svg(
                link, title=gettext("Invitation for %(name)s") % {"name": record.helped_name}, scale=5
            )
            if link
            else "",
            publication_url=record.publication.full_url if record.publication else "",
            **kwargs,
        )

    def get_page_subtitle(self):
        return HelpRecord.objects.filter(pk=self.kwargs["pk"]).values_list("helped_name", flat=True).first()


# The audit-log action for a fresh invitation, shown in the help-log entry's history.
REISSUE_ACTION = "handover.reissue_invite"
ACCOUNT_IN_USE_MESSAGE = gettext_lazy(
    "%(name)s has already logged in, so nobody can make them a fresh invitation: it would let "
    "whoever holds the link choose a new password for their account. If they have forgotten their "
    "password, they use “Forgot your password?” on the login page."
)


@helpers_only
def issue_fresh_invite(request, pk):
    """A new link for a lost, used or expired one; the old link stops working."""
    record = get_object_or_404(HelpRecord.objects.select_related("newcomer"), pk=pk, newcomer__isnull=False)
    if not may_manage_invitation(request.user, record):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("handover_newcomers:handed_over", pk=record.pk)
    if account_in_use(record):
        messages.error(request, ACCOUNT_IN_USE_MESSAGE % {"name": record.helped_name})
        return redirect("handover_newcomers:handed_over", pk=record.pk)
    with transaction.atomic():
        invite = issue_invite(record)
        log_action(
            record,
            REISSUE_ACTION,
            user=request.user,
            data={"newcomer": record.newcomer.get_username(), "invite": invite.pk},
        )
    messages.success(request, gettext("A fresh invitation link is ready. The old one no longer works."))
    return redirect("handover_newcomers:handed_over", pk=record.pk)


def starter_post(publication):
    """The post to edit next: the newest draft, or else the newest post."""
    posts = (
        PostPage.objects.child_of(publication).defer_streamfields().order_by("-latest_revision_created_at")
    )
    return posts.filter(live=False).first() or posts.first()


def checklist(record, figures):
    """The first steps, each with whether it looks done."""
    publication = record.publication
    post_ids = [str(pk) for pk in PostPage.objects.child_of(publication).values_list("pk", flat=True)]
    wrote = Revision.page_revisions.filter(object_id__in=post_ids, user=record.newcomer).exists()
    reviewed = WorkflowPage.objects.filter(page=publication).exists()
    # The same words as the editor's button ("Send to Sam to check").
    helper = helper_first_name(record.newcomer)
    publish = (
        gettext("Send it to %(helper)s to check (it goes live when they approve)") % {"helper": helper}
        if reviewed
        else gettext("Publish it")
    )
    return [
        (gettext("Add your group's logo"), bool(publication.logo_id), "logo"),
        (gettext("Write your first post"), wrote or figures["count"] > 0, "write"),
        (publish, figures["count"] > 0, "publish"),
        (gettext("Share the link with your neighbours"), None, "share"),
        (gettext("Invite people to subscribe"), figures["subscribers"] > 0, "subscribe"),
    ]


class WelcomeView(WagtailAdminTemplateMixin, TemplateView):
    """Where a newcomer lands: their publication, a short checklist and their first post."""

    template_name = "handover/admin/welcome.html"
    header_icon = "home"

    def get_page_title(self):
        return gettext("Welcome, %(name)s") % {
            "name": self.request.user.first_name or self.request.user.get_username()
        }

    def get(self, request, *args, **kwargs):
        self.record = newcomer(request.user)
        if self.record is None or self.record.publication is None:
            return redirect("wagtailadmin_home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**welcome_context(self.request, self.record), **kwargs)


def welcome_context(request, record):
    publication = record.publication
    figures = publication_figures(publication)
    post = starter_post(publication)
    return {
        "record": record,
        "publication": publication,
        "publication_url": publication.full_url,
        "figures": figures,
        "checklist": checklist(record, figures),
        "post": post,
        "edit_post_url": reverse("wagtailadmin_pages:edit", args=[post.pk]) if post else "",
        "new_post_url": reverse("wagtailadmin_pages:add_subpage", args=[publication.pk]),
        "edit_publication_url": reverse("wagtailadmin_pages:edit", args=[publication.pk]),
        "subscribers_url": subscribers_url(publication),
    }


def subscribers_url(publication):
    """The newsletter's subscriber list in the admin (blogs have no subscribers)."""
    if publication.kind != "newsletter":
        return ""
    return reverse("subscriptions_subscribers:newsletter", args=[publication.pk])


# --- The public invitation page -------------------------------------------------


def invite_problem(invite):
    """Why a link cannot be used, in plain words, and what to do instead (None if it can)."""
    if invite is None:
        return (
            404,
            gettext("We do not recognise this invitation link"),
            gettext(
                "Check that the whole link was copied. If it still does not work, ask the helper who set "
                "you up for a fresh link."
            ),
        )
    if invite.is_used:
        return (
            410,
            gettext("This invitation link has already been used"),
            gettext(
                "Each link works once. If you chose a password with it, log in with that password. If you "
                "have forgotten it, or it was not you, ask your helper for a fresh link."
            ),
        )
    if invite.user.last_login is not None:
        # The account is already someone's: a link must never replace their password.
        return (
            410,
            gettext("This account is already in use"),
            gettext(
                "Someone has already logged in to this account, so this link no longer works. If it is "
                "your account, log in with your password, or use “Forgot your password?” on the login page."
            ),
        )
    if invite.is_expired():
        return (
            410,
            gettext("This invitation link has expired"),
            ngettext(
                "Links work for %(days)d day. Ask your helper for a fresh one: "
                "they can send it from the help log.",
                "Links work for %(days)d days. Ask your helper for a fresh one: "
                "they can send it from the help log.",
                INVITE_LIFETIME.days,
            )
            % {"days": INVITE_LIFETIME.days},
        )
    return None


def problem_page(request, status, heading, advice, helper=None):
    context = {"heading": heading, "advice": advice, "helper": helper, "seo_noindex": True}
    return private(render(request, "handover/invite_problem.html", context, status=status))


def private(response):
    """Never cached, and the token in the address is never sent on to other sites."""
    response["Referrer-Policy"] = "no-referrer"
    return response


# The token in the address is the secret that protects this form: nobody can post it
# without the link, so a CSRF cookie would add nothing and would set a cookie for
# anyone opening the link. Attempts are rate-limited per IP.
@csrf_exempt
@same_site_forms_only
@never_cache
def accept_invite(request, token):
    """The newcomer chooses a password, is logged in and lands on their welcome page."""
    if request.method == "POST" and rate_limited(request, "handover-invite", INVITE_ATTEMPTS_PER_HOUR, 3600):
        return problem_page(
            request, 429, gettext("Too many tries"), gettext("Please wait an hour and try again.")
        )
    invite = Invite.find(token)
    problem = invite_problem(invite)
    if problem:
        return problem_page(request, *problem, helper=invite.help_record.helper if invite else None)

    form = ChoosePasswordForm(invite.user)
    if request.method == "POST":
        form = ChoosePasswordForm(invite.user, request.POST)
        if form.is_valid():
            user = accept(invite, form)
            if user is None:  # the same link was used a moment ago, in another tab
                invite.refresh_from_db()
                return problem_page(request, *invite_problem(invite), helper=invite.help_record.helper)
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return redirect("handover_newcomers:welcome")
    context = {"invite": invite, "form": form, "helper": invite.help_record.helper, "seo_noindex": True}
    status = 400 if form.is_bound else 200
    return private(render(request, "handover/invite.html", context, status=status))


def accept(invite, form):
    """Set the password and use up the link, once even if the form is sent twice at the same moment."""
    with transaction.atomic():
        locked = Invite.objects.select_for_update().get(pk=invite.pk)
        if locked.is_used or locked.is_expired():
            return None
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        return form.save()
