"""The admin dashboard's "Background work" panel (is anything sending the emails?), pages
served only at addresses in their own language, and a guarded PO file upload for translators."""

from django.urls import path

from wagtail import hooks
from wagtail.admin.ui.components import Component

from cms import workers
from cms.languages import refuse_page_in_another_language
from cms.translation_admin import upload_po_file

hooks.register("before_serve_page", refuse_page_in_another_language)


@hooks.register("register_admin_urls")
def register_po_upload_guard():
    # Ahead of wagtail-localize's own URL for the same address (this app's hooks load first).
    return [path("localize/translate/<int:translation_id>/pofile/upload/", upload_po_file)]


def may_see_worker_health(user):
    """Administrators, staff, and anyone another app vouches for through the
    `show_worker_health_to` hook (surgery organisers: their confirmations depend on it).
    Newcomers are not shown it: it would only worry them."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(check(user) for check in hooks.get_hooks("show_worker_health_to"))


class WorkerHealthPanel(Component):
    name = "worker_health"
    order = 5
    template_name = "cms/admin/worker_health_panel.html"

    def get_context_data(self, parent_context=None):
        return {"health": workers.health_report()}


@hooks.register("construct_homepage_panels")
def add_worker_health_panel(request, panels):
    if may_see_worker_health(request.user):
        panels.append(WorkerHealthPanel())
