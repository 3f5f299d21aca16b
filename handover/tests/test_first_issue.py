"""The first-issue editor: what a newcomer sees and can do in Wagtail's page editor, what can
never go live, and review mode from both sides."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from handover.setup import STARTER_SUMMARY
from newsletters.models import PostPage

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

JARGON = ("Promote", "Slug", "Title tag", "Show in menus", "Reports", "Moderators", "Autosave is paused")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def starter(record):
    return PostPage.objects.child_of(record.publication).get()


def edit_url(post):
    return reverse("wagtailadmin_pages:edit", args=[post.pk])


def photo_upload(name="street.png"):
    image = get_test_image_file(filename=name, size=(640, 480))
    return SimpleUploadedFile(name, image.file.getvalue(), content_type="image/png")


def first_issue(
    action="action-publish", title="Hello from Elm Road", text="<p>We meet on Tuesdays.</p>", **extra
):
    data = nested_form_data(
        {
            "title": title,
            "intro": "",
            "body": streamfield([("paragraph", rich_text(text))]),
            "photo_description": "",
            "comments": inline_formset([]),
        }
    )
    data[action] = "yes"
    data.update(extra)
    return data


# --- What the newcomer sees -------------------------------------------------------


def test_the_newcomer_editor_shows_only_what_a_first_issue_needs(set_up, newcomer):
    response = logged_in(newcomer).get(edit_url(starter(set_up)))
    assert response.status_code == 200
    html = response.content.decode()
    for word in JARGON:
        assert word not in html, word
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert html.count('name="photo_description"') == 1
    assert "Describe the photo" in html
    assert 'name="date"' not in html and 'name="tags"' not in html
    assert "data-w-autosave-interval-value" not in html  # no autosave for newcomers
    # Publish is the button, with no "Submit to ... approval" beside it.
    assert 'name="action-publish"' in html and 'name="action-submit"' not in html


def test_a_new_post_gets_the_same_plain_editor_and_is_dated_today(set_up, newcomer):
    from django.utils import timezone

    url = reverse("wagtailadmin_pages:add", args=["newsletters", "postpage", set_up.publication.pk])
    client = logged_in(newcomer)
    html = client.get(url).content.decode()
    for word in JARGON:
        assert word not in html, word
    assert "data-w-autosave-interval-value" not in html and 'capture="environment"' in html

    response = client.post(url, first_issue(title="Our April news"))
    assert response.status_code == 302
    post = PostPage.objects.child_of(set_up.publication).get(title="Our April news")
    assert post.live and post.date == timezone.localdate() and post.slug == "our-april-news"


def test_other_editors_keep_the_full_editor(set_up, admin_user):
    response = logged_in(admin_user).get(edit_url(starter(set_up)))
    html = response.content.decode()
    assert "Promote" in html and 'name="slug"' in html and 'name="date"' in html
    assert 'capture="environment"' not in html
    assert "data-w-autosave-interval-value" in html


def test_the_starter_draft_holds_no_guidance_to_publish_by_mistake(set_up):
    post = starter(set_up).get_latest_revision_as_object()
    assert post.intro == ""
    assert [child.block_type for child in post.body] == ["paragraph"]
    assert "Tips" not in str(post.body.raw_data) and "press Publish" not in str(post.body.raw_data)


# --- Publishing ----------------------------------------------------------------------


def test_a_first_issue_with_a_photo_goes_live_in_one_publish(set_up, newcomer, client):
    post = starter(set_up)
    data = first_issue(photo_description="Neighbours litter-picking on Elm Road")
    response = logged_in(newcomer).post(edit_url(post), {**data, "photo": photo_upload()})
    assert response.status_code == 302
    assert response.url == reverse("handover_newcomers:welcome")

    post = PostPage.objects.get(pk=post.pk)
    assert post.live and post.title == "Hello from Elm Road"
    image = post.lead_image
    assert image is not None and image.collection_id == set_up.collection_id
    assert image.description == "Neighbours litter-picking on Elm Road"  # kept once, on the photo
    # Nobody typed an introduction or a meta description: both come from the first paragraph.
    assert post.intro == "<p>We meet on Tuesdays.</p>"
    assert post.search_description == "We meet on Tuesdays."
    page = client.get(post.url)
    assert page.status_code == 200
    assert '<meta name="description" content="We meet on Tuesdays.">' in page.content.decode()


def test_a_photo_needs_its_description(set_up, newcomer):
    post = starter(set_up)
    response = logged_in(newcomer).post(edit_url(post), {**first_issue(), "photo": photo_upload()})
    assert response.status_code == 200
    assert "Describe the photo in a sentence" in response.content.decode()
    assert not PostPage.objects.get(pk=post.pk).live


def test_the_photo_description_is_kept_on_the_photo_and_can_be_corrected(set_up, newcomer):
    post = starter(set_up)
    client = logged_in(newcomer)
    data = first_issue(photo_description="Neighbours litter-picking on Elm Road")
    client.post(edit_url(post), {**data, "photo": photo_upload()})
    image = PostPage.objects.get(pk=post.pk).lead_image
    assert 'value="Neighbours litter-picking on Elm Road"' in client.get(edit_url(post)).content.decode()

    response = client.post(
        edit_url(post), first_issue(photo_description="Neighbours with bin bags on Elm Road")
    )
    assert response.status_code == 302
    post = PostPage.objects.get(pk=post.pk)
    assert post.lead_image_id == image.pk, "no second copy of the photo"
    image.refresh_from_db()
    assert image.description == "Neighbours with bin bags on Elm Road"


def test_a_post_whose_photo_is_undescribed_asks_for_a_description(set_up, newcomer):
    post = starter(set_up)
    client = logged_in(newcomer)
    client.post(
        edit_url(post),
        {**first_issue(action="action-save", photo_description="Elm Road"), "photo": photo_upload()},
    )
    image = PostPage.objects.get(pk=post.pk).lead_image
    image.description = ""
    image.save()

    response = client.post(edit_url(post), first_issue())
    assert response.status_code == 200
    assert "Describe the photo in a sentence" in response.content.decode()
    assert not PostPage.objects.get(pk=post.pk).live


def test_a_typed_introduction_is_kept(set_up, newcomer):
    post = starter(set_up)
    logged_in(newcomer).post(edit_url(post), first_issue(intro="Our news for March.\n\nBins & scams."))
    post = PostPage.objects.get(pk=post.pk)
    assert post.intro == "<p>Our news for March.</p><p>Bins &amp; scams.</p>"
    assert post.search_description == "Our news for March. Bins & scams."


def test_the_plain_introduction_box_shows_the_words_to_edit(set_up, newcomer):
    post = starter(set_up)
    logged_in(newcomer).post(edit_url(post), first_issue(action="action-save", intro="Line one\nline two"))
    html = logged_in(newcomer).get(edit_url(post)).content.decode()
    assert '<textarea name="intro"' in html
    assert ">\nLine one\nline two</textarea>" in html  # Django starts a text box with a new line


@pytest.mark.parametrize(
    "words",
    [
        {"text": "<p>Tips: keep paragraphs short. Add a heading for each new subject.</p>"},
        {"intro": STARTER_SUMMARY},
        {"text": "<p>When you are happy, press Publish at the bottom of the screen.</p>"},
    ],
)
def test_starter_text_cannot_be_published(set_up, newcomer, words):
    post = starter(set_up)
    text = words.pop("text", "<p>We meet on Tuesdays.</p>")
    response = logged_in(newcomer).post(edit_url(post), first_issue(text=text, **words))
    assert response.status_code == 200
    assert "still holds some of the example words" in response.content.decode()
    assert not PostPage.objects.get(pk=post.pk).live


def test_starter_text_can_still_be_saved_as_a_draft(set_up, newcomer):
    post = starter(set_up)
    data = first_issue(action="action-save", intro=STARTER_SUMMARY)
    response = logged_in(newcomer).post(edit_url(post), data)
    assert response.status_code == 302
    assert not PostPage.objects.get(pk=post.pk).live


def test_a_newcomers_autosave_is_refused_and_saves_nothing(set_up, newcomer):
    post = starter(set_up)
    before = post.revisions.count()
    data = first_issue(action="action-save", title="Half typed")
    response = logged_in(newcomer).post(edit_url(post), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert post.revisions.count() == before


def test_the_newcomer_sees_no_reports_menu(set_up, newcomer, admin_user):
    assert "Reports" not in logged_in(newcomer).get(reverse("wagtailadmin_home")).content.decode()
    assert "Reports" in logged_in(admin_user).get(reverse("wagtailadmin_home")).content.decode()


# --- Review mode ---------------------------------------------------------------------


@pytest.fixture
def pat(reviewed):
    user = reviewed.newcomer
    user.email = "pat@example.org"
    user.set_password(PASSWORD)
    user.save()
    return user


def test_review_mode_says_who_checks_the_post(reviewed, pat):
    html = logged_in(pat).get(edit_url(starter(reviewed))).content.decode()
    assert "Send to Sam to check" in html
    assert 'name="action-publish"' not in html
    for word in JARGON:
        assert word not in html, word


def test_the_helper_publishes_a_checked_post_from_the_dashboard(reviewed, pat, helper):
    post = starter(reviewed)
    response = logged_in(pat).post(edit_url(post), first_issue(action="action-submit"))
    assert response.status_code == 302
    assert not PostPage.objects.get(pk=post.pk).live

    sam = logged_in(helper)
    dashboard = sam.get(reverse("wagtailadmin_home")).content.decode()
    assert "Waiting for you to check" in dashboard and "Hello from Elm Road" in dashboard
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    confirm_url = reverse("handover_publish_checked", args=[state.pk])
    assert confirm_url in dashboard

    # The click asks first, and nothing changes until the helper says yes.
    confirm = sam.get(confirm_url)
    assert "Yes, publish it" in confirm.content.decode()
    assert not PostPage.objects.get(pk=post.pk).live
    mail.outbox.clear()
    assert sam.post(confirm_url).status_code == 302

    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    assert [message.to for message in mail.outbox] == [["pat@example.org"]]
    assert "Hello from Elm Road" in mail.outbox[0].subject
    assert post.full_url in mail.outbox[0].body
    assert "Waiting for you to check" not in sam.get(reverse("wagtailadmin_home")).content.decode()


def test_the_writer_is_told_only_once(reviewed, pat, helper):
    from handover.tasks import tell_writer_post_is_live

    post = starter(reviewed)
    revision = post.save_revision(user=pat)
    revision.publish(user=helper)
    mail.outbox.clear()
    tell_writer_post_is_live.call(reviewed.pk, post.pk, revision.pk)
    tell_writer_post_is_live.call(reviewed.pk, post.pk, revision.pk)
    assert len(mail.outbox) == 1
    assert PageLogEntry.objects.filter(page=post, action="handover.writer_told_live").count() == 1


def test_only_the_helper_can_publish_from_the_dashboard(reviewed, pat, editor):
    post = starter(reviewed)
    logged_in(pat).post(edit_url(post), first_issue(action="action-submit"))
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("handover_publish_checked", args=[state.pk])
    for user in (pat, editor):
        assert logged_in(user).post(url).status_code in (302, 403)
    assert not Page.objects.get(pk=post.pk).live


def test_a_check_whose_post_has_gone_is_a_clear_404(reviewed, pat, helper):
    post = starter(reviewed)
    logged_in(pat).post(edit_url(post), first_issue(action="action-submit"))
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    # The page the review was for no longer exists (as after a removal Wagtail did not tidy up).
    WorkflowState.objects.filter(pk=state.workflow_state_id).update(object_id="999999999")
    response = logged_in(helper).get(reverse("handover_publish_checked", args=[state.pk]))
    assert response.status_code == 404
