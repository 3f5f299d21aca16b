"""The publication's "Mastodon and Bluesky" screen: link or unlink accounts, see what was posted.

Only people who may edit the publication reach it (Wagtail's page permission, so a town's editors
see their own town's publications only). A token or app password is checked with the service
before it is stored, stored encrypted, and never shown again: the screen says "linked".
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy

from cms.converters import DatabaseIdConverter
from cms.cross_site import same_site_forms_only
from newsletters.models import PublicationPage

from . import services, tasks, vault
from .models import Account, Crosspost

DEFAULT_BLUESKY_PDS = "https://bsky.social"
RECENT = 20


class MastodonForm(forms.Form):
    server = forms.CharField(
        label=gettext_lazy("Mastodon server"),
        max_length=200,
        help_text=gettext_lazy("The address of the group's server, e.g. https://mastodon.social"),
    )
    token = forms.CharField(
        label=gettext_lazy("Access token"),
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "In Mastodon: Preferences, Development, New application, with the write:statuses and "
            "write:media scopes; copy 'Your access token'."
        ),
    )


class BlueskyForm(forms.Form):
    handle = forms.CharField(label=gettext_lazy("Bluesky handle"), max_length=253)
    password = forms.CharField(
        label=gettext_lazy("App password"),
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "In Bluesky: Settings, Privacy and security, App passwords. Not your own password."
        ),
    )
    server = forms.CharField(
        label=gettext_lazy("Server (PDS)"),
        max_length=200,
        initial=DEFAULT_BLUESKY_PDS,
        required=False,
        help_text=gettext_lazy("Leave as it is unless the account lives on its own server."),
    )


def editable_publication(request, page_id):
    publication = get_object_or_404(PublicationPage, pk=page_id)
    if not publication.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return publication


def link_mastodon(form):
    server = services.base_url(form.cleaned_data["server"])
    token = form.cleaned_data["token"].strip()
    handle, profile_url = services.mastodon_verify(server, token)
    return server, handle, profile_url, token


def link_bluesky(form):
    server = services.base_url(form.cleaned_data["server"] or DEFAULT_BLUESKY_PDS)
    password = form.cleaned_data["password"].strip()
    _did, _jwt, handle = services.bluesky_session(
        server, form.cleaned_data["handle"].strip().lstrip("@"), password
    )
    return server, handle, f"https://bsky.app/profile/{handle}", password


def post_again(request, publication):
    """Send a failed post again, once the editor has looked at the account."""
    row_id = request.POST.get("crosspost", "")
    if not re.fullmatch(DatabaseIdConverter.regex, row_id):
        raise Http404
    row = get_object_or_404(
        Crosspost.objects.select_related("account", "post"), pk=row_id, account__publication=publication
    )
    if tasks.requeue(row.pk):
        messages.success(
            request,
            gettext("%(title)s will be posted to %(service)s again.")
            % {"title": row.post.title, "service": row.account.get_service_display()},
        )
    else:  # a second click, or it was already sent again
        messages.info(
            request,
            gettext("%(title)s is no longer marked failed on %(service)s, so nothing was changed.")
            % {"title": row.post.title, "service": row.account.get_service_display()},
        )
    return redirect("crossposting:accounts", publication.pk)


@same_site_forms_only
def accounts(request, page_id):
    publication = editable_publication(request, page_id)
    mastodon_form, bluesky_form = MastodonForm(prefix="mastodon"), BlueskyForm(prefix="bluesky")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        linkers = {
            Account.Service.MASTODON: (MastodonForm, "mastodon", link_mastodon),
            Account.Service.BLUESKY: (BlueskyForm, "bluesky", link_bluesky),
        }
        service = request.POST.get("service", "")
        if action == "unlink" and service in linkers:
            deleted, _rows = Account.objects.filter(publication=publication, service=service).delete()
            if deleted:
                messages.success(request, gettext("Unlinked. The stored token has been deleted."))
            else:  # a second click, or another editor unlinked it first
                messages.info(
                    request,
                    gettext("No %(service)s account was linked, so there was nothing to unlink.")
                    % {"service": Account.Service(service).label},
                )
            return redirect("crossposting:accounts", publication.pk)
        if action == "repost":
            return post_again(request, publication)
        if action not in linkers:
            messages.error(request, gettext("That form is not one of this screen's. Nothing was changed."))
            status = 400
        else:
            form_class, prefix, linker = linkers[action]
            form = form_class(request.POST, prefix=prefix)
            if form.is_valid():
                try:
                    server, handle, profile_url, secret = linker(form)
                except services.ServiceError as error:
                    form.add_error(
                        None,
                        gettext("The account could not be linked: %(message)s") % {"message": error},
                    )
                else:
                    with transaction.atomic():
                        Account.objects.update_or_create(
                            publication=publication,
                            service=action,
                            defaults={
                                "server": server,
                                "handle": handle,
                                "profile_url": profile_url,
                                "encrypted_secret": vault.encrypt(secret),
                            },
                        )
                    messages.success(request, gettext("Linked %(handle)s.") % {"handle": handle})
                    return redirect("crossposting:accounts", publication.pk)
            status = 400
            if action == Account.Service.MASTODON:
                mastodon_form = form
            else:
                bluesky_form = form
    linked = {account.service: account for account in Account.objects.filter(publication=publication)}
    context = {
        "page_title": gettext("Mastodon and Bluesky: %(title)s") % {"title": publication.title},
        "header_icon": "globe",
        "publication": publication,
        "mastodon": linked.get(Account.Service.MASTODON),
        "bluesky": linked.get(Account.Service.BLUESKY),
        "mastodon_form": mastodon_form,
        "bluesky_form": bluesky_form,
        "crossposts": Crosspost.objects.filter(account__publication=publication)
        .select_related("account", "post")
        .order_by("-created_at")[:RECENT],
    }
    return TemplateResponse(request, "crossposting/admin/accounts.html", context, status=status)


urlpatterns = [
    path("<id:page_id>/", accounts, name="accounts"),
]
