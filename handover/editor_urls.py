"""Included in cms/urls.py ahead of Wagtail's admin, so this page editor answers Wagtail's own
edit address (``handover.editor.PageEditView`` says why). Wrapped as Wagtail wraps its views."""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access

from .editor import PageEditView

urlpatterns = [
    path(
        "pages/<int:page_id>/edit/",
        never_cache(require_admin_access(PageEditView.as_view())),
        name="handover_page_edit",
    ),
]
