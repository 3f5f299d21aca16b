"""The first-issue editor: Wagtail's page editor kept plain for newcomers, and review mode
that reads right for both sides.

- Newcomers get the plain post form (``newsletters.forms``: title, summary, body,
  one photo), no Reports menu, Publish without "Submit to ... approval", or, when
  their helper checks first posts, one button that says "Send to Sam to check".
- Autosave is off for newcomers: there is no "Autosave is paused" warning to puzzle
  over, and nothing saves in the background around Publish.
- A post still holding starter sentences cannot be published or sent for checking.
- Helpers see what waits for them on the dashboard and publish it in one click and a
  confirmation; the newcomer is emailed when it goes live.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as wagtail_gettext
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState, WorkflowPage

from newsletters.models import PostPage

from .permissions import is_newcomer, newcomer
from .setup import starter_text_left

STARTER_TEXT_MESSAGE = gettext_lazy(
    "Your post still holds some of the example words it started with: “%(sentence)s”. "
    "Replace them with your own words, then try again."
)


def helper_first_name(user):
    record = newcomer(user)
    helper = record.helper if record else None
    if helper is None:
        return gettext("your helper")
    return helper.first_name or helper.get_full_name() or helper.get_username()


@hooks.register("newsletters_simple_editor_for")
def newcomers_get_the_first_issue_editor(user):
    return is_newcomer(user)


@hooks.register("newsletters_check_before_going_live")
def starter_text_never_goes_live(text):
    sentence = starter_text_left(text)
    return STARTER_TEXT_MESSAGE % {"sentence": sentence} if sentence else None


@hooks.register("construct_main_menu")
def newcomers_see_no_reports(request, menu_items):
    if is_newcomer(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "reports"]


class SendToHelperMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to <workflow name>", in the words of someone whose helper checks posts."""

    def __init__(self, helper_name, order):
        super().__init__(order=order)
        self.label = gettext("Send to %(helper)s to check") % {"helper": helper_name}

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = self.label
        return context


@hooks.register("construct_page_action_menu")
def newcomers_publish_or_send_to_their_helper(menu_items, request, context):
    """One way to go live: Publish, or (when a helper checks first posts) send it to them.

    On an existing post that button is the main one, so going live is one click.
    """
    if not is_newcomer(request.user):
        return
    if any(item.name == "action-publish" for item in menu_items):
        menu_items[:] = [item for item in menu_items if item.name != "action-submit"]
    else:
        for index, item in enumerate(menu_items):
            if item.name == "action-submit":
                menu_items[index] = SendToHelperMenuItem(helper_first_name(request.user), order=item.order)
    if context.get("view") != "edit":
        return
    for index, item in enumerate(menu_items):
        if item.name in ("action-publish", "action-submit"):
            menu_items.insert(0, menu_items.pop(index))
            return


def wagtails_submitted_messages(title):
    """Wagtail's "submitted for moderation" messages (edit, create), as its message template shows them.

    Looked up under another name than ``gettext`` so ``makemessages`` leaves Wagtail's
    wording in Wagtail's catalogue, which translates it.
    """
    values = {"page_title": title}
    return [
        conditional_escape(
            wagtail_gettext("Page '%(page_title)s' has been submitted for moderation.") % values
        ),
        conditional_escape(
            wagtail_gettext("Page '%(page_title)s' created and submitted for moderation.") % values
        ),
    ]


def say_sent_to_helper(request, page, helper_name):
    """Put Wagtail's "submitted for moderation" in the words of the button the newcomer pressed.

    Wagtail adds its message inside ``submit_action`` with no way to change the words, so
    the queued messages are read and added again, that one reworded. It is recognised as
    Wagtail wrote it, in the admin's language (so a Polish admin is reworded too).
    """
    queued = list(messages.get_messages(request))  # reading them takes them off the queue
    title = page.get_admin_display_title()
    wagtails = wagtails_submitted_messages(title)
    for message in queued:
        text = message.message  # kept as it is (it may be safe HTML with buttons) unless reworded
        if any(said in str(text) for said in wagtails):
            text = gettext("Sent to %(helper)s to check: “%(title)s” goes live when they approve it.") % {
                "helper": helper_name,
                "title": title,
            }
        messages.add_message(request, message.level, text, extra_tags=message.extra_tags)


class NoAutosaveForNewcomersMixin:
    """Wagtail's page editor, without autosave for newcomers, who go back to their welcome page.

    The editor reads the autosave setting for everyone; newcomers publish once and
    leave, so saving in the background only adds a warning they cannot act on and
    a second save racing their Publish. A stale tab's autosave is refused too.
    """

    def get(self, request, *args, **kwargs):
        if is_newcomer(request.user):
            self.autosave_enabled = False
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if is_newcomer(request.user):
            if self.expects_json_response:
                return self.json_error_response(
                    "autosave_off", gettext("Press Publish, or Save draft, to keep your changes.")
                )
            self.autosave_enabled = False
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.autosave_enabled:
            context.pop("autosave_indicator", None)  # Wagtail shows it even with autosave off
        return context

    def submit_action(self):
        response = super().submit_action()
        if is_newcomer(self.request.user):
            say_sent_to_helper(self.request, self.page, helper_first_name(self.request.user))
        return response

    def redirect_away(self):
        if is_newcomer(self.request.user) and not self.next_url:
            return redirect("handover_newcomers:welcome")
        return super().redirect_away()


class PageEditView(NoAutosaveForNewcomersMixin, EditView):
    pass


class PageCreateView(NoAutosaveForNewcomersMixin, CreateView):
    pass


class PostPageViewSet(PageViewSet):
    """Posts are added and edited through the views above (Wagtail routes by page type)."""

    model = PostPage
    edit_view_class = PageEditView
    add_view_class = PageCreateView

    def get_urlpatterns(self):
        # Only the editing views are wanted: no extra listing of every post in the admin.
        return []


@hooks.register("register_admin_viewset")
def register_post_editor():
    return PostPageViewSet("first_issue_editor")


# --- Review mode: the helper's side ----------------------------------------------


def waiting_for(user):
    """Posts sent to ``user`` to check, oldest first, each with its page.

    A fixed number of queries however many wait: the writers come with the
    states, and the posts are fetched together.
    """
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision__user")
        .prefetch_related("revision__content_object")
        .order_by("started_at")
    )
    return [
        (state, state.revision.content_object) for state in states if is_post(state.revision.content_object)
    ]


def is_post(obj):
    return isinstance(obj, PostPage)


class WaitingForYouPanel(Component):
    """On a helper's dashboard: posts sent to them to check, each one click from live."""

    name = "handover_waiting_for_you"
    order = 35
    template_name = "handover/admin/waiting_panel.html"

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context=None):
        return {
            "waiting": [
                {
                    "title": page.get_admin_display_title(),
                    "by": state.revision.user,
                    "sent_at": state.started_at,
                    "preview_url": reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
                    "publish_url": reverse("handover_publish_checked", args=[state.pk]),
                }
                for state, page in self.waiting
            ]
        }


class OtherReviewsPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", less the posts already listed in "Waiting for you to check"."""

    def __init__(self, shown_elsewhere):
        self.shown_elsewhere = shown_elsewhere

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["states"] = [
            state for state in context["states"] if state["task_state"].pk not in self.shown_elsewhere
        ]
        return context


@hooks.register("construct_homepage_panels")
def show_what_waits_for_the_helper(request, panels):
    """Posts to check get their own panel in plain words; everything else stays in Wagtail's."""
    if is_newcomer(request.user):
        return
    waiting = waiting_for(request.user)
    if not waiting:
        return
    shown = {state.pk for state, _page in waiting}
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = OtherReviewsPanel(shown)
    panels.append(WaitingForYouPanel(waiting))


class PublishCheckedPostView(WagtailAdminTemplateMixin, TemplateView):
    """Asks "Publish it?", then on yes approves the helper's review step, which publishes."""

    template_name = "handover/admin/publish_checked.html"
    page_title = gettext_lazy("Publish this post?")
    header_icon = "check"

    def setup_state(self):
        self.state = get_object_or_404(TaskState.objects.select_related("revision"), pk=self.kwargs["pk"])
        page = self.state.workflow_state.content_object
        # A post deleted since it was sent, or a review of something that is not a post.
        if page is None or not isinstance(page.specific, PostPage):
            raise Http404(gettext("That post is no longer waiting to be checked."))
        self.post_page = page.specific
        actions = self.state.task.specific.get_actions(self.post_page, self.request.user)
        if not any(name == "approve" for name, _label, _needs_form in actions):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.setup_state()
        if self.state.status != TaskState.STATUS_IN_PROGRESS:
            messages.info(request, f"“{self.post_page.title}” is no longer waiting to be checked.")
            return redirect("wagtailadmin_home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        writer = self.state.revision.user if self.state.revision else None
        return super().get_context_data(
            post=self.post_page,
            writer=writer,
            preview_url=reverse("wagtailadmin_pages:view_draft", args=[self.post_page.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            self.setup_state()
            state = TaskState.objects.select_for_update().get(pk=self.state.pk)
            if state.status != TaskState.STATUS_IN_PROGRESS:
                messages.info(request, f"“{self.post_page.title}” was already dealt with.")
                return redirect("wagtailadmin_home")
            state.task.specific.on_action(state.specific, request.user, "approve")
        messages.success(request, f"“{self.post_page.title}” is live. Its writer gets an email to say so.")
        return redirect("wagtailadmin_home")


@hooks.register("register_admin_urls")
def first_issue_admin_urls():
    from django.urls import path

    return [
        path(
            "handover/check/<id:pk>/publish/",
            PublishCheckedPostView.as_view(),
            name="handover_publish_checked",
        ),
    ]


@hooks.register("register_log_actions")
def register_told_the_writer(actions):
    actions.register_action(
        "handover.writer_told_live",
        gettext_lazy("Writer told it is live"),
        gettext_lazy("Writer told it is live"),
    )


# --- Review mode: telling the newcomer ---------------------------------------------


def in_review_mode(publication):
    return WorkflowPage.objects.filter(page=publication).exists()


def tell_writer_when_checked_post_goes_live(sender, instance, revision, **kwargs):
    """After a helper publishes a newcomer's checked post, the newcomer is emailed (once)."""
    from .models import HelpRecord
    from .tasks import tell_writer_post_is_live

    parent = instance.get_parent()
    record = (
        HelpRecord.objects.filter(publication_id=parent.pk, newcomer__isnull=False)
        .select_related("newcomer")
        .order_by("-created_at")
        .first()
    )
    if revision is None or record is None or not record.newcomer.email or not in_review_mode(parent):
        return
    if revision.user_id == record.helper_id:
        return  # the helper's own post, nothing to tell
    transaction.on_commit(lambda: tell_writer_post_is_live.enqueue(record.pk, instance.pk, revision.pk))


def connect_signals():
    from wagtail.signals import page_published

    from newsletters.models import PostPage

    page_published.connect(
        tell_writer_when_checked_post_goes_live, sender=PostPage, dispatch_uid="handover-tell-writer-live"
    )
