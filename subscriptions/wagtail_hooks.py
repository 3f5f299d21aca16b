from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from newsletters.models import PostPage
from newsletters.templatetags.publication_tags import PUBLICATION_ASIDE_HOOK

from . import admin_urls
from .admin_views import can_send


@hooks.register("register_admin_urls")
def register_subscription_urls():
    return [path("subscriptions/", include(admin_urls, namespace="subscriptions_admin"))]


class SendByEmailButton(PageMenuItem):
    """Shown on live newsletter issues to people allowed to publish them."""

    label = "Send by email"
    icon_name = "mail"
    url_name = "subscriptions_admin:send"

    def is_shown(self, user):
        return self.page.specific_class is PostPage and can_send(self.page, user)


@hooks.register("register_page_header_buttons")
def page_header_send_button(page, user, view_name, next_url=None):
    yield SendByEmailButton(page=page, priority=25)


@hooks.register("register_page_listing_more_buttons")
def page_listing_send_button(page, user, next_url=None):
    yield SendByEmailButton(page=page, priority=25)


@hooks.register("register_admin_menu_item")
def register_subscribers_menu_item():
    return MenuItem("Subscribers", reverse("subscriptions_admin:index"), icon_name="group", order=250)


@hooks.register(PUBLICATION_ASIDE_HOOK)
def subscribe_box(context, publication):
    """The sign-up form beside a newsletter and its issues (the template shows nothing for blogs)."""
    box = context.template.engine.get_template("subscriptions/includes/subscribe_form.html")
    with context.push(publication=publication):
        return box.render(context)
