"""Setting a newcomer up: everything is made, in one transaction, and the form works for helpers only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
)

import pytest

from handover import setup
from handover.models import HelpRecord, Invite, hash_token
from handover.setup import set_up_newcomer
from newsletters.models import PostPage, PublicationPage

from .conftest import newcomer_details

pytestmark = pytest.mark.django_db


def test_everything_is_made(set_up, place, surgery, helper):
    user = set_up.newcomer
    assert user.username == "maureen-lewis"
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("Maureen", "Lewis", "maureen@example.org")

    publication = set_up.publication
    assert publication.get_parent().specific == place
    assert publication.live and publication.kind == "newsletter"
    assert publication.title == "Kingstanding Neighbourhood Watch"

    group = set_up.newcomer_group
    assert list(user.groups.all()) == [group]
    assert {(p.page_id, p.permission.codename) for p in GroupPagePermission.objects.filter(group=group)} == {
        (publication.pk, "add_page"),
        (publication.pk, "change_page"),
        (publication.pk, "publish_page"),
    }
    assert group.permissions.filter(codename="access_admin").exists()

    assert set_up.collection.get_parent() == Collection.get_first_root_node()
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection", "permission__codename"
        )
    ) == {(set_up.collection.pk, c) for c in ("add_image", "change_image", "choose_image")}

    post = PostPage.objects.child_of(publication).get()
    assert not post.live and post.has_unpublished_changes
    assert post.latest_revision is not None and post.owner == user
    # Ready to type into: one empty paragraph, with the guidance in the editor rather than the post.
    assert post.title == "Our first post"
    assert [(child.block_type, child.value.source) for child in post.body] == [("paragraph", "")]

    assert set_up.surgery == surgery and set_up.helper == helper
    assert set_up.topics == ["newsletter", "safety"]
    assert not Workflow.objects.filter(workflow_pages__page=publication).exists()


def test_only_a_hash_of_the_invitation_is_stored(set_up):
    invite = Invite.objects.get()
    token = invite.token
    assert invite.token_hash == hash_token(token) and token not in invite.token_hash
    assert Invite.objects.filter(token_hash=token).count() == 0
    assert (invite.expires_at - invite.created_at).days == 14


def test_same_group_name_twice_gets_its_own_address_and_group(set_up, place, helper):
    second = set_up_newcomer(newcomer_details(place, name="Maureen Lewis", email=""), helper)
    assert second.publication.slug != set_up.publication.slug
    assert second.newcomer.username == "maureen-lewis-2"
    assert second.newcomer_group != set_up.newcomer_group


def test_review_sends_posts_to_the_helper(reviewed, helper):
    codenames = set(
        GroupPagePermission.objects.filter(group=reviewed.newcomer_group).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    workflow = reviewed.publication.get_workflow()
    assert workflow is not None
    task = workflow.tasks.get().specific
    reviewers = task.groups.get()
    assert helper in reviewers.user_set.all()
    assert set(
        GroupPagePermission.objects.filter(group=reviewers).values_list("page", "permission__codename")
    ) == {(reviewed.publication.pk, "change_page"), (reviewed.publication.pk, "publish_page")}


COUNTED = [
    get_user_model(),
    Group,
    Collection,
    Page,
    Revision,
    HelpRecord,
    Invite,
    Workflow,
    GroupPagePermission,
]


def test_a_failure_half_way_leaves_nothing_behind(place, surgery, helper, monkeypatch):
    before = {model: model.objects.count() for model in COUNTED}

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(setup, "create_starter_post", broken)
    with pytest.raises(RuntimeError):
        set_up_newcomer(newcomer_details(place, surgery=surgery, review_first_posts=True), helper)

    assert {model: model.objects.count() for model in COUNTED} == before
    assert not helper.groups.filter(name__endswith="reviewers").exists()
    assert mail.outbox == []


def test_the_invitation_is_emailed_after_commit(place, helper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = set_up_newcomer(newcomer_details(place), helper)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maureen@example.org"]
    assert record.invite.get_absolute_url() in message.body
    assert "maureen-lewis" in message.body and message.alternatives


def test_nothing_is_emailed_without_an_address(place, helper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_up_newcomer(newcomer_details(place, email=""), helper)
    assert mail.outbox == []


def test_the_email_task_sends_once(set_up):
    from handover.tasks import send_invite

    send_invite.call(set_up.invite.pk)
    send_invite.call(set_up.invite.pk)
    assert len(mail.outbox) == 1


def test_the_migration_made_the_surgery_helpers_group(db):
    group = Group.objects.get(name="Surgery helpers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_helprecord", "change_helprecord", "view_helprecord"} <= codenames
    assert not codenames & {"choose_document", "choose_image", "publish_page"}
    page_permissions = GroupPagePermission.objects.filter(group=group)
    assert {(p.page.depth, p.permission.codename) for p in page_permissions} == {(1, "add_page")}


def test_helpers_group_puts_the_group_back_with_the_same_permissions(db):
    from handover.permissions import helpers_group

    made_by_migration = set(Group.objects.get(name="Surgery helpers").permissions.all())
    Group.objects.filter(name="Surgery helpers").delete()
    group = helpers_group()
    assert set(group.permissions.all()) == made_by_migration
    assert GroupPagePermission.objects.filter(group=group, permission__codename="add_page").count() == 1


# --- The form -------------------------------------------------------------------


def form_data(where, surgery=None, **extra):
    data = {
        "name": "Maureen Lewis",
        "email": "",
        "group_name": "Kingstanding Neighbourhood Watch",
        "kind": "blog",
        "place": where.pk,
        "surgery": surgery.pk if surgery else "",
        "topics": ["blog"],
    }
    data.update(extra)
    return data


def test_a_helper_sets_someone_up_in_one_form(client, helper, place, surgery):
    client.force_login(helper)
    response = client.post(reverse("handover_newcomers:setup"), form_data(place, surgery))
    record = HelpRecord.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("handover_newcomers:handed_over", args=[record.pk])
    assert record.publication.kind == "blog" and record.surgery == surgery

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert record.invites.get().get_absolute_url() in html
    assert "<svg" in html and "Invitation for Maureen Lewis" in html


def test_the_helper_records_whether_they_may_be_asked_how_it_went(client, helper, place, surgery):
    """Ticked, the follow-up weeks later is emailed to them; left empty, it goes to the helper."""
    client.force_login(helper)
    form = client.get(reverse("handover_newcomers:setup")).content.decode()
    assert 'name="newcomer_may_be_asked"' in form and "They agreed to be asked how it went" in form
    client.post(reverse("handover_newcomers:setup"), form_data(place, surgery, name="Ann Ray"))
    ticked = form_data(place, surgery, name="Bo Lee", email="bo@example.org", newcomer_may_be_asked="on")
    assert client.post(reverse("handover_newcomers:setup"), ticked).status_code == 302
    agreed = dict(HelpRecord.objects.values_list("helped_name", "newcomer_may_be_asked"))
    assert agreed == {"Ann Ray": False, "Bo Lee": True}


def test_coming_from_a_surgery_preselects_it_and_its_place(client, helper, place, surgery):
    client.force_login(helper)
    response = client.get(reverse("handover_newcomers:setup"), {"surgery": surgery.pk})
    form = response.context["form"]
    assert form.initial == {"surgery": surgery, "place": place.page_ptr}
    assert client.get(reverse("handover_newcomers:setup"), {"surgery": "abc"}).status_code == 200


def test_the_place_must_be_a_place(client, helper, home_page, place):
    client.force_login(helper)
    response = client.post(reverse("handover_newcomers:setup"), form_data(place, place=home_page.pk))
    assert response.status_code == 200
    assert "Choose a place" in response.content.decode()
    assert not HelpRecord.objects.exists() and not PublicationPage.objects.exists()


def test_people_who_are_not_helpers_cannot_set_anyone_up(client, editor, place):
    client.force_login(editor)
    response = client.post(reverse("handover_newcomers:setup"), form_data(place))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not HelpRecord.objects.exists()


def test_a_fresh_invitation_replaces_the_old_one(client, helper, set_up):
    old = set_up.invite
    client.force_login(helper)
    response = client.post(reverse("handover_newcomers:reissue", args=[set_up.pk]))
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.is_expired()
    fresh = Invite.objects.usable().get()
    assert fresh != old and fresh.user == set_up.newcomer
    assert fresh.get_absolute_url() in client.get(response.url).content.decode()


def test_the_newcomers_preferred_language_is_kept_and_their_invitation_is_written_in_it(
    client, helper, place, surgery, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    client.force_login(helper)
    form = client.get(reverse("handover_newcomers:setup")).content.decode()
    assert 'name="preferred_language"' in form and 'value="ur"' in form
    data = form_data(place, surgery, email="maureen@example.org", preferred_language="ur")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_newcomers:setup"), data)
    assert response.status_code == 302
    record = HelpRecord.objects.get()
    assert UserProfile.get_for_user(record.newcomer).preferred_language == "ur"
    [message] = mail.outbox
    assert message.subject == "Kingstanding Neighbourhood Watch کے لیے لکھنے کا آپ کا دعوت نامہ"
    html = message.alternatives[0][0]
    assert 'lang="ur"' in html and 'dir="rtl"' in html
    # The link opens the invitation page in Urdu too.
    assert "/ur" + record.invites.get().get_absolute_url().removeprefix("/ur") in message.body


def test_a_language_that_is_not_offered_is_refused(client, helper, place, surgery):
    client.force_login(helper)
    response = client.post(
        reverse("handover_newcomers:setup"), form_data(place, surgery, preferred_language="xx")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not HelpRecord.objects.exists()
