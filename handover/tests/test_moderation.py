"""When the helper chose to review first posts, a newcomer's submit waits for the helper."""

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from newsletters.models import PostPage

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def edit_form(post, action, title="Bins go fortnightly"):
    """The edit form as a browser sends it, with the given button pressed."""
    return nested_form_data(
        {
            "title": title,
            "slug": post.slug,
            "date": timezone.localdate().isoformat(),
            "intro": "What changes with the bins.",
            "photo_description": "",
            "body": streamfield([("paragraph", rich_text("<p>From April, bins go every other week.</p>"))]),
            "tags": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            action: "on",
        }
    )


def logged_in(user):
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_a_submitted_post_waits_for_the_helper(reviewed, helper):
    pat = reviewed.newcomer
    post = PostPage.objects.child_of(reviewed.publication).get()
    client = logged_in(pat)

    welcome = client.get(reverse("handover_newcomers:welcome")).content.decode()
    # The checklist names the helper, as the editor's "Send to Sam to check" button does.
    assert "Send it to Sam to check" in welcome
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert 'name="action-publish"' not in editor
    assert 'name="action-submit"' in editor

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]), edit_form(post, "action-submit")
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    post.refresh_from_db()
    assert not post.live
    state = post.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.workflow_pages.get().page_id == reviewed.publication.pk
    assert client.get(post.get_url()).status_code == 404
    # What the newcomer is told reads like the button they pressed, not Wagtail's "moderation".
    told = client.get(response["Location"]).content.decode()
    assert "Sent to Sam to check" in told
    assert "moderation" not in told.lower()

    # The helper sees it waiting on their dashboard and approves it.
    helper_client = logged_in(helper)
    dashboard = helper_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bins go fortnightly" in dashboard
    task_state = state.current_task_state
    response = helper_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    )
    assert response.status_code in (200, 302), response.content.decode()[-3000:]
    post.refresh_from_db()
    assert post.live and post.title == "Bins go fortnightly"


def test_a_newcomer_cannot_publish_by_sending_the_publish_button_anyway(reviewed):
    post = PostPage.objects.child_of(reviewed.publication).get()
    client = logged_in(reviewed.newcomer)
    client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), edit_form(post, "action-publish"))
    post.refresh_from_db()
    assert not post.live


def test_without_review_publish_is_the_main_button(set_up):
    post = PostPage.objects.child_of(set_up.publication).get()
    client = logged_in(set_up.newcomer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    publish, save = html.find('name="action-publish"'), html.find("Save draft")
    assert publish != -1 and (save == -1 or publish < save)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]), edit_form(post, "action-publish")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    assert mail.outbox == [] or all("maureen" not in m.to[0] for m in mail.outbox)


def test_the_accessibility_checker_is_on_in_the_editor(set_up):
    post = PostPage.objects.child_of(set_up.publication).get()
    client = logged_in(set_up.newcomer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "data-checks-panel" in html
    assert "checker-axe-configuration" in html
