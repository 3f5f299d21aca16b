from django.contrib import messages
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.admin_menu import page_menu_buttons
from cms.site_cache import kept_for_generation
from newsletters.models import PostPage, PublicationPage
from newsletters.templatetags.publication_tags import PUBLICATION_ASIDE_HOOK

from . import admin_views
from .models import Account, Crosspost


@hooks.register("register_admin_urls")
def register_crossposting_urls():
    return [
        path("crossposting/", include((admin_views.urlpatterns, "crossposting"), namespace="crossposting"))
    ]


@page_menu_buttons
def accounts_button(page, user):
    if page.specific_class is PublicationPage and page.permissions_for_user(user).can_edit():
        yield Button(
            gettext_lazy("Mastodon and Bluesky"),
            url=reverse("crossposting:accounts", args=[page.pk]),
            icon_name="globe",
            priority=45,
        )


@hooks.register("before_edit_page")
def failed_crossposts_notice(request, page):
    """Opening a post whose posting failed says so, with the service's own message."""
    if request.method != "GET" or page.specific_class is not PostPage:
        return None
    failed = Crosspost.objects.filter(
        post_id=page.pk, status__in=[Crosspost.Status.RETRYING, Crosspost.Status.FAILED]
    ).select_related("account")
    for item in failed:
        if item.status == Crosspost.Status.RETRYING:
            text = gettext("Posting to %(service)s failed and will be tried again: %(message)s")
        else:
            text = gettext("Posting to %(service)s failed: %(message)s")
        messages.warning(
            request, text % {"service": item.account.get_service_display(), "message": item.error}
        )
    return None


@hooks.register(PUBLICATION_ASIDE_HOOK)
def follow_links(context, publication):
    """Plain links to the publication's Mastodon and Bluesky accounts: no script, no cookie.

    Kept in the cache under the site's content generation, which linking or unlinking an
    account renews (``CrosspostingConfig.ready``), so a publication page asks nothing of it.
    """

    def read():
        accounts = [
            account
            for account in Account.objects.filter(publication_id=publication.pk).order_by("service")
            if account.profile_url
        ]
        if not accounts:
            return ""
        return render_to_string(
            "crossposting/follow_links.html", {"publication": publication, "accounts": accounts}
        )

    return kept_for_generation(f"crossposting:follow-links:{publication.pk}", read)
