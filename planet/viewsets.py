"""Feeds from elsewhere in the admin: add them to a place, approve, pause, resume, OPML in and out.

Which feeds someone sees follows the page tree, as in ``cms.admin_viewsets``, counting the places
someone may add pages under as well as those they may edit: a town's organisers see the feeds of
their town's places and no other town's; surgery helpers (who may draft pages anywhere) and
superusers see every feed. Adding
and changing feeds takes the model permissions (town organisers get them with their town);
approving, pausing and resuming takes ``planet.approve_externalfeed`` as well (superusers, or
any group a network administrator gives it to). A new feed, a changed address and every feed
imported from OPML wait for approval: nothing is read from an address nobody approved.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms import front_cache
from cms.admin_menu import MENU_ORDER

from .models import ExternalFeed
from .opml import OpmlError, export_opml, import_opml
from .queries import forget_items

PlacePage = ExternalFeed._meta.get_field("place").related_model
Status = ExternalFeed.Status


class FeedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions say what someone may do; the page tree says to which feeds."""

    def __init__(self):
        super().__init__(ExternalFeed)

    def scoped(self, queryset, user):
        if not (user.is_authenticated and user.is_active):
            return queryset.none()
        if user.is_superuser:
            return queryset
        return queryset.filter(place__in=pages_in_reach(user).values("pk"))

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ExternalFeed.objects.none()
        return self.scoped(ExternalFeed.objects.all(), user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return self.scoped(ExternalFeed.objects.filter(pk=instance.pk), user).exists()

    def may_approve(self, user, feed=None):
        if not self.user_has_permission(user, "approve"):
            return False
        return feed is None or self.user_has_permission_for_instance(user, "approve", feed)


feed_permission_policy = FeedPermissionPolicy()


def pages_in_reach(user):
    """The pages this person may edit or add pages under: their part of the tree."""
    return PagePermissionPolicy(Page).instances_user_has_any_permission_for(user, ["add", "change"])


def editable_places(user):
    """The places this person may attach feeds to: those in their part of the tree."""
    if user.is_superuser:
        return PlacePage.objects.order_by("path")
    return PlacePage.objects.filter(pk__in=pages_in_reach(user).values("pk")).order_by("path")


def feed_formfield(db_field, **kwargs):
    """Wagtail's admin form fields, but the place is a plain list (of the places this person may
    edit, set by the form) and web addresses typed without a scheme are taken as https."""
    if db_field.name == "place":
        return db_field.formfield(**kwargs)
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return formfield_for_dbfield(db_field, **kwargs)


class FeedForm(WagtailAdminModelForm):
    class Meta:
        model = ExternalFeed
        fields = ["place", "url", "title", "site_link"]
        formfield_callback = feed_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "place" in self.fields:
            self.fields["place"].queryset = editable_places(self.for_user)

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with http:// or https://."))
        return url


class OwnTownOnlyMixin:
    """Refuse a feed of a place this person may not edit (ids are easy to guess)."""

    def get_object(self, *args, **kwargs):
        feed = super().get_object(*args, **kwargs)
        if not feed_permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["view", "change", "delete"], feed
        ):
            raise PermissionDenied
        return feed


class FeedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return feed_permission_policy.scoped(super().get_base_queryset(), self.request.user).select_related(
            "place"
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if feed_permission_policy.may_approve(self.request.user):
            for action, label, states in STATUS_ACTIONS:
                if instance.status in states:
                    url = reverse(feed_viewset.get_url_name(action), args=[instance.pk])
                    buttons.append(
                        ListingButton(
                            label, url=url, icon_name="check" if action != "pause" else "pause", priority=5
                        )
                    )
        return buttons

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        buttons.append(
            ListingButton(
                _("OPML import and export"),
                url=reverse(feed_viewset.get_url_name("opml")),
                icon_name="download",
            )
        )
        return buttons


class FeedCreateView(generic.CreateView):
    def save_instance(self):
        feed = self.form.save(commit=False)
        feed.added_by = self.request.user
        feed.status = Status.PENDING
        feed.save()
        return feed


class FeedEditView(OwnTownOnlyMixin, generic.EditView):
    def save_instance(self):
        feed = self.form.save(commit=False)
        if "url" in self.form.changed_data and feed.status != Status.PENDING:
            # A new address is a new source: someone approves it again before it is read.
            feed.status = Status.PENDING
            feed.etag = feed.last_modified = ""
        feed.save()
        return feed


class FeedDeleteView(OwnTownOnlyMixin, generic.DeleteView):
    def delete_action(self):
        place = self.object.place
        super().delete_action()
        front_cache.purge_page_later(place)  # its posts leave the place page


class FeedInspectView(OwnTownOnlyMixin, generic.InspectView):
    pass


class FeedHistoryView(OwnTownOnlyMixin, generic.history.HistoryView):
    pass


class FeedUsageView(OwnTownOnlyMixin, generic.usage.UsageView):
    pass


# (action, button label, statuses it applies to)
STATUS_ACTIONS = [
    ("approve", gettext_lazy("Approve"), {Status.PENDING}),
    ("pause", gettext_lazy("Pause"), {Status.APPROVED}),
    ("resume", gettext_lazy("Resume"), {Status.PAUSED}),
]


def change_status(request, pk, action):
    """Approve, pause or resume a feed: a confirmation page, then a POST."""
    feed = get_object_or_404(ExternalFeed.objects.select_related("place", "added_by"), pk=pk)
    if not feed_permission_policy.may_approve(request.user, feed):
        raise PermissionDenied
    label, states = next((label, states) for name, label, states in STATUS_ACTIONS if name == action)
    index_url = reverse(feed_viewset.get_url_name("index"))
    if feed.status not in states:
        messages.warning(
            request,
            _("“%(feed)s” is %(status)s already.")
            % {"feed": feed, "status": feed.get_status_display().lower()},
        )
        return redirect(index_url)
    if request.method == "POST":
        now = timezone.now()
        with transaction.atomic():
            if action == "pause":
                feed.status, feed.paused_at = Status.PAUSED, now
            else:
                feed.status = Status.APPROVED
                if action == "approve":
                    feed.approved_by, feed.approved_at = request.user, now
                feed.failing_since = feed.flagged_at = feed.paused_at = None
                feed.consecutive_failures = 0
                feed.last_fetched_at = None  # read at the scheduler's next run
            feed.save()
            if action != "pause":
                from .tasks import fetch_feed

                transaction.on_commit(lambda: fetch_feed.enqueue(feed.pk))
        forget_items()
        if action == "pause":
            front_cache.purge_page_later(feed.place)
        done = {
            "approve": _("“%(feed)s” is approved: its posts will show on %(place)s once it has been read."),
            "pause": _(
                "“%(feed)s” is paused: it is no longer read, and its posts no longer show on %(place)s."
            ),
            "resume": _("“%(feed)s” is read again, and its posts show on %(place)s."),
        }[action]
        messages.success(request, done % {"feed": feed, "place": feed.place.title})
        return redirect(index_url)
    context = {
        "page_title": f"{label}: {feed}",
        "header_title": f"{label}: {feed}",
        "feed": feed,
        "action": action,
        "label": label,
        "index_url": index_url,
        "breadcrumbs_items": [
            {"url": index_url, "label": ExternalFeed._meta.verbose_name_plural.capitalize()},
            {"label": label},
        ],
    }
    return TemplateResponse(request, "planet/admin/change_status.html", context)


class OpmlImportForm(forms.Form):
    place = forms.ModelChoiceField(
        label=gettext_lazy("Place"),
        queryset=PlacePage.objects.none(),
        help_text=gettext_lazy("The place the feeds are added to."),
    )
    file = forms.FileField(
        label=gettext_lazy("OPML file"),
        help_text=gettext_lazy(
            "A list of feeds exported from a feed reader (Feedly, Inoreader, NetNewsWire...) or from "
            "another place. Each new feed waits for approval; feeds the place has already are skipped."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = editable_places(user)


def opml(request):
    """Import an OPML list into a place, or download a place's feeds as OPML."""
    user = request.user
    if not feed_permission_policy.user_has_permission(user, "add"):
        raise PermissionDenied
    places = editable_places(user)
    report, status = None, 200
    if request.method == "POST":
        form = OpmlImportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            try:
                report = import_opml(form.cleaned_data["place"], form.cleaned_data["file"].read(), user)
            except OpmlError as error:
                form.add_error("file", str(error))
                status = 400
            else:
                if report.created:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d feed added, waiting for approval.",
                            "%(count)d feeds added, waiting for approval.",
                            len(report.created),
                        )
                        % {"count": len(report.created)},
                    )
        else:
            status = 400
    else:
        form = OpmlImportForm(user=user)
    counted = {
        row["place"]: row["n"]
        for row in feed_permission_policy.scoped(ExternalFeed.objects.all(), user)
        .values("place")
        .annotate(n=Count("pk"))
    }
    index_url = reverse(feed_viewset.get_url_name("index"))
    context = {
        "page_title": _("OPML import and export"),
        "header_title": _("OPML import and export"),
        "form": form,
        "report": report,
        "places": [(place, counted[place.pk]) for place in places if place.pk in counted],
        "export_url_name": feed_viewset.get_url_name("opml_export"),
        "breadcrumbs_items": [
            {"url": index_url, "label": ExternalFeed._meta.verbose_name_plural.capitalize()},
            {"label": _("OPML import and export")},
        ],
    }
    return TemplateResponse(request, "planet/admin/opml.html", context, status=status)


def opml_export(request, place_id):
    """The feeds of one place as an OPML file."""
    if not feed_permission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    place = get_object_or_404(editable_places(request.user), pk=place_id)
    feeds = ExternalFeed.objects.filter(place=place).order_by("title", "pk")
    response = HttpResponse(export_opml(place, feeds), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(place.title) or "place"}-feeds.opml"'
    return response


def status_label(feed):
    if feed.status == Status.PAUSED:
        return feed.get_status_display()
    if feed.failing_since:
        return _("%(status)s, failing since %(date)s: %(problem)s") % {
            "status": feed.get_status_display(),
            "date": timezone.localtime(feed.failing_since).strftime("%d/%m/%Y"),
            "problem": feed.get_last_error_kind_display(),
        }
    return feed.get_status_display()


class ExternalFeedViewSet(ModelViewSet):
    model = ExternalFeed
    form_fields = ["place", "url", "title", "site_link"]
    icon = "rss"
    menu_label = gettext_lazy("Blogs from elsewhere")
    menu_name = "planet-feeds"
    menu_order = MENU_ORDER["planet-feeds"]
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    permission_policy = feed_permission_policy
    index_view_class = FeedIndexView
    add_view_class = FeedCreateView
    edit_view_class = FeedEditView
    delete_view_class = FeedDeleteView
    inspect_view_class = FeedInspectView
    history_view_class = FeedHistoryView
    usage_view_class = FeedUsageView
    list_display = [
        "__str__",
        Column("place", label=gettext_lazy("Place"), accessor=lambda feed: feed.place.title),
        Column("status", label=gettext_lazy("Status"), accessor=status_label),
        DateColumn("last_success_at", label=gettext_lazy("Last read")),
    ]
    list_filter = ["status"]
    search_fields = ["title", "url"]
    search_backend_name = None
    ordering = ["place__title", "title", "pk"]
    inspect_view_fields = [
        "place",
        "url",
        "title",
        "site_link",
        "status",
        "added_by",
        "added_at",
        "approved_by",
        "approved_at",
        "last_fetched_at",
        "last_success_at",
        "failing_since",
        "consecutive_failures",
        "last_error_kind",
        "last_error",
        "flagged_at",
        "paused_at",
    ]

    def get_form_class(self, for_update=False):
        return FeedForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            *(
                path(f"{action}/<int:pk>/", change_status, {"action": action}, name=action)
                for action, _label, _states in STATUS_ACTIONS
            ),
            path("opml/", opml, name="opml"),
            path("opml/<int:place_id>/", opml_export, name="opml_export"),
        ]


feed_viewset = ExternalFeedViewSet("planet_feeds", url_prefix="planet-feeds")
