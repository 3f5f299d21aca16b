"""Setting up a newcomer in one go: the account, the publication, the permissions,
the starter post, the help-log entry and the invitation.

Everything happens in one transaction, so a failure half-way (a clash, a bug,
the database going away) leaves nothing behind for the helper to tidy up.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from newsletters.models import PostPage, PublicationPage

from .models import HelpRecord, Invite
from .tasks import send_invite

IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


@dataclass
class Newcomer:
    """What the helper typed into the hand-over form."""

    name: str
    group_name: str
    kind: str
    place: object
    email: str = ""
    # What readers may see: only ever what was typed as a public contact, never the login email.
    public_contact_name: str = ""
    public_contact_email: str = ""
    surgery: object = None
    topics: tuple = ()
    review_first_posts: bool = False
    # They said we may email them, weeks from now, to ask what they have done since (follow_ups.py).
    newcomer_may_be_asked: bool = False
    # Their admin, welcome page, help text and emails are in this language (a settings.LANGUAGES code).
    preferred_language: str = ""


def set_up_newcomer(newcomer, helper):
    """Create everything the newcomer needs and return the help record (with ``.invite``)."""
    with transaction.atomic():
        user = create_account(newcomer)
        publication = create_publication(newcomer, user, helper)
        group = create_editors_group(newcomer, user, publication)
        collection = create_image_collection(newcomer, group)
        if newcomer.review_first_posts:
            send_posts_for_review(newcomer, helper, publication)
        create_starter_post(publication, user, helper)
        record = HelpRecord.objects.create(
            surgery=newcomer.surgery,
            helper=helper,
            newcomer=user,
            helped_name=newcomer.name,
            group_name=newcomer.group_name,
            topics=list(newcomer.topics),
            publication=publication,
            newcomer_group=group,
            collection=collection,
            set_up_by=helper,
            newcomer_may_be_asked=newcomer.newcomer_may_be_asked,
        )
        record.invite = issue_invite(record)
    return record


def issue_invite(record):
    """A fresh single-use link for the record's newcomer, emailed once the transaction commits."""
    invite = Invite.issue(record, record.newcomer)
    if record.newcomer.email:
        transaction.on_commit(lambda: send_invite.enqueue(invite.pk))
    return invite


def unique_username(name):
    """'maureen-lewis', or 'maureen-lewis-2' if that is taken."""
    user_model = get_user_model()
    base = slugify(name)[:130] or "newcomer"
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def unique_group_name(base):
    candidate, number = base[:140], 1
    while Group.objects.filter(name=candidate).exists():
        number += 1
        candidate = f"{base[:140]} ({number})"
    return candidate


def create_account(newcomer):
    """An active account with no usable password: the invitation lets them choose one."""
    first, _, last = newcomer.name.strip().partition(" ")
    user = get_user_model()(
        username=unique_username(newcomer.name),
        email=newcomer.email,
        first_name=first[:150],
        last_name=last[:150],
    )
    user.set_unusable_password()
    user.save()
    if newcomer.preferred_language:
        # Wagtail switches the admin (the welcome page included) to it once they log in.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = newcomer.preferred_language
        profile.save(update_fields=["preferred_language"])
    return user


def create_publication(newcomer, user, helper):
    """Their newsletter or blog, live under the place, so it has an address to share at once."""
    place = newcomer.place.specific
    slug = find_available_slug(place, slugify(newcomer.group_name) or "news")
    publication = PublicationPage(
        title=newcomer.group_name,
        slug=slug,
        kind=newcomer.kind,
        owner=user,
        contact_name=newcomer.public_contact_name[:100],
        contact_email=newcomer.public_contact_email,
    )
    place.add_child(instance=publication)
    # Helpers may not publish pages in general: the hand-over form is what allows this one.
    revision = publication.save_revision(user=helper, log_action=True)
    revision.publish(user=helper, skip_permission_checks=True)
    return publication


def create_editors_group(newcomer, user, publication):
    """A group whose page permissions cover this publication and nothing else."""
    group = Group.objects.create(name=unique_group_name(f"{newcomer.group_name} editors"))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = ["add_page", "change_page"]
    if not newcomer.review_first_posts:
        page_permissions.append("publish_page")
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=page_permissions
    ):
        GroupPagePermission.objects.create(group=group, page=publication, permission=permission)
    user.groups.add(group)
    return group


def create_image_collection(newcomer, group):
    """A folder for their pictures that only they (and editors) can see and use."""
    collection = Collection.get_first_root_node().add_child(name=newcomer.group_name[:255])
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
    ):
        GroupCollectionPermission.objects.create(group=group, collection=collection, permission=permission)
    return collection


def send_posts_for_review(newcomer, helper, publication):
    """A one-step workflow: their posts wait for the helper (and anyone they add) to approve them."""
    reviewers = Group.objects.create(name=unique_group_name(f"{newcomer.group_name} reviewers"))
    reviewers.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    helper.groups.add(reviewers)
    # Approving publishes the post as the reviewer, so reviewers need to be able to publish here.
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=["change_page", "publish_page"]
    ):
        GroupPagePermission.objects.create(group=reviewers, page=publication, permission=permission)
    task = GroupApprovalTask.objects.create(name=f"Check posts by {newcomer.group_name}"[:255])
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name=f"Review for {newcomer.group_name}"[:255])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=publication)
    return workflow


# What earlier starter drafts held as words to replace. Guidance now lives in the editor's
# help text and placeholders; these are still refused on Publish in case an old draft
# (or a copy of one) holds them.
STARTER_SUMMARY = "A short hello to readers: who we are and what we will write about."
STARTER_SENTENCES = (
    STARTER_SUMMARY,
    "This is your first post. Click on any of this text and replace it",
    "Tips: keep paragraphs short.",
    "When you are happy, press Publish",
)


def starter_text_left(text):
    """The first starter sentence still in ``text`` (a post's words), or None."""
    return next((sentence for sentence in STARTER_SENTENCES if sentence in text), None)


def starter_body():
    """One empty paragraph, so the newcomer can start typing without adding a block first."""
    return [("paragraph", "")]


def create_starter_post(publication, user, helper):
    """A draft (saved as a revision, not live) that the newcomer edits into their first post."""
    post = PostPage(
        title="Our first post",
        slug="our-first-post",
        date=timezone.localdate(),
        body=starter_body(),
        owner=user,
        live=False,
        has_unpublished_changes=True,
    )
    publication.add_child(instance=post)
    post.save_revision(user=helper, log_action=True)
    return post
