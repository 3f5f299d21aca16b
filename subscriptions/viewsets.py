"""Newsletter subscribers in the Wagtail admin, on the house's ModelViewSet pattern (listing only).

/admin/subscriptions/newsletters/ shows each newsletter this editor looks after with its
counts, then everyone on those lists, filtered, searched, paged and downloadable.
Each newsletter keeps its own page: counts, the download, erasing one person on request.

Who sees a list is Wagtail's own page permissions, no new system: permission to edit
the newsletter page (``SubscriberPermissionPolicy``). A newcomer sees their own
newsletter's list and no one else's.
"""

from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.coreutils import multigetattr

import django_filters

from cms.admin_menu import MENU_ORDER
from cms.admin_viewsets import InstancePermissionMixin, ListingOnlyModelViewSet, ParentPagePermissionPolicy
from cms.spreadsheets import SpreadsheetSafeExportMixin
from newsletters.models import EMAILED_KINDS, PublicationPage

from . import admin_views
from .models import Subscriber

VIEW = "view"

# The download's columns, named as they always have been (people's spreadsheets rely on them);
# new columns go on the end.
EXPORT_FIELDS = [*admin_views.CSV_FIELDS, "newsletter", "language"]


class SubscriberPermissionPolicy(ParentPagePermissionPolicy):
    """A newsletter's subscribers are for the people who may edit the newsletter's page."""

    page_model = PublicationPage
    page_field = "publication"

    def pages_for(self, user):
        return super().pages_for(user).filter(kind__in=EMAILED_KINDS)

    editable_newsletters = pages_for


subscriber_permission_policy = SubscriberPermissionPolicy(Subscriber)


class SubscriberFilterSet(WagtailFilterSet):
    publication = django_filters.ModelChoiceFilter(
        label=_("Newsletter"), queryset=PublicationPage.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Subscriber.Status.choices)

    class Meta:
        model = Subscriber
        fields = ["publication", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        newsletters = PublicationPage.objects.none()
        if request is not None:
            newsletters = subscriber_permission_policy.editable_newsletters(request.user)
        self.filters["publication"].queryset = newsletters.order_by("title")


class SubscriberIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    """Each newsletter with its counts, then everyone on those lists."""

    template_name = "subscriptions/admin/subscriber_index.html"
    page_title = _("Email subscribers")

    def get_base_queryset(self):
        return subscriber_permission_policy.instances_user_has_permission_for(
            self.request.user, VIEW
        ).select_related("publication")

    def to_row_dict(self, item):
        return {
            field: item.publication.title if field == "newsletter" else multigetattr(item, field)
            for field in self.list_export
        }

    def get_filename(self):
        newsletter = self.filtered_newsletter()
        return f"{newsletter.slug}-subscribers" if newsletter else "newsletter-subscribers"

    def filtered_newsletter(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("publication")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not (self.results_only or self.is_export):
            newsletters = list(
                subscriber_permission_policy.editable_newsletters(self.request.user).order_by("title")
            )
            counts = {
                row["publication_id"]: row
                for row in Subscriber.objects.filter(publication__in=newsletters)
                .values("publication_id")
                .annotate(
                    **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values}
                )
            }
            context["rows"] = [(newsletter, counts.get(newsletter.pk, {})) for newsletter in newsletters]
        return context


class NewsletterExportView(SubscriberIndexView):
    """One newsletter's list with its consent records, as a spreadsheet."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = True  # every row, not one page of them

    def dispatch(self, request, publication_id):
        self.newsletter = admin_views.newsletter_for_editor(request, publication_id)
        return super().dispatch(request)

    def get_base_queryset(self):
        return super().get_base_queryset().filter(publication=self.newsletter).order_by("email")

    def filtered_newsletter(self):
        return self.newsletter

    def render_to_response(self, context, **response_kwargs):
        return self.as_spreadsheet(context["object_list"], self.FORMAT_CSV)


class SubscriberInspectView(InstancePermissionMixin, generic.InspectView):
    pass


class SubscriberViewSet(ListingOnlyModelViewSet):
    model = Subscriber
    icon = "group"
    menu_label = _("Subscribers")
    menu_name = "subscribers"
    menu_order = MENU_ORDER["subscribers"]
    add_to_admin_menu = True
    url_prefix = "subscriptions/newsletters"
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["publication__title", "email"]
    list_display = [
        TitleColumn("email", label=_("Email")),
        Column("name", label=_("Name")),
        Column("publication", label=_("Newsletter"), accessor="publication.title"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("consented_at", label=_("Signed up")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    list_export = EXPORT_FIELDS
    export_headings = {field: field for field in EXPORT_FIELDS}
    inspect_view_fields = ["publication", *admin_views.CSV_FIELDS]

    def get_permissions_to_register(self):
        """None to tick in Groups: seeing a list follows permission to edit the newsletter's page."""
        return Permission.objects.none()

    @property
    def newsletter_export_view(self):
        return admin_views.forbidden_as_403(
            self.construct_view(NewsletterExportView, **self.get_index_view_kwargs())
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<id:publication_id>/", admin_views.newsletter_subscribers, name="newsletter"),
            path("<id:publication_id>/export.csv", self.newsletter_export_view, name="newsletter_export"),
        ]


subscriber_viewset = SubscriberViewSet("subscriptions_subscribers")
