from django.template.loader import render_to_string
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy

from cms.admin_menu import page_menu_buttons
from newsletters.admin_views import EXPORT_SECTIONS_HOOK
from newsletters.models import PostPage
from newsletters.templatetags.publication_tags import PUBLICATION_ASIDE_HOOK

from . import admin_urls
from .admin_views import can_send
from .models import Subscriber
from .viewsets import subscriber_permission_policy, subscriber_viewset


@hooks.register("register_admin_urls")
def register_subscription_urls():
    return [path("subscriptions/", include(admin_urls, namespace="subscriptions_sending"))]


class SendByEmailButton(PageMenuItem):
    """Shown on live newsletter issues to people allowed to publish them."""

    label = "Send by email"
    icon_name = "mail"
    url_name = "subscriptions_sending:send"

    def is_shown(self, user):
        return self.page.specific_class is PostPage and can_send(self.page, user)


@page_menu_buttons
def send_button(page, user):
    yield SendByEmailButton(page=page, priority=25)


register_permission_policy(Subscriber, subscriber_permission_policy)


@hooks.register("register_admin_viewset")
def register_subscribers():
    return subscriber_viewset


@hooks.register(PUBLICATION_ASIDE_HOOK)
def subscribe_box(context, publication):
    """The sign-up form beside a newsletter and its issues (the template shows nothing for blogs)."""
    box = context.template.engine.get_template("subscriptions/includes/subscribe_form.html")
    with context.push(publication=publication):
        return box.render(context)


@hooks.register(EXPORT_SECTIONS_HOOK)
def subscribers_export_section(request, publication):
    """A newsletter's export screen offers its subscriber list with their consent records."""
    if not subscriber_permission_policy.editable_newsletters(request.user).filter(pk=publication.pk).exists():
        return ""
    url = reverse("subscriptions_subscribers:newsletter_export", args=[publication.pk])
    count = Subscriber.objects.filter(publication=publication).count()
    return render_to_string(
        "subscriptions/admin/export_section.html", {"url": url, "count": count}, request=request
    )
