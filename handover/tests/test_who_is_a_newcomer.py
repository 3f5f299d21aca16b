"""One answer to "is this a newcomer?": every simplification and boundary asks the same question,
and an administrator is never treated as a newcomer, even one whose account a hand-over made."""

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

import pytest

from handover import permissions
from newsletters.models import PostPage

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_only_the_newcomer_is_a_newcomer(set_up, newcomer, helper, editor, admin_user):
    assert permissions.newcomer(set_up.newcomer) == set_up
    assert permissions.is_newcomer(set_up.newcomer)
    for user in (helper, editor, admin_user, AnonymousUser()):
        assert permissions.newcomer(user) is None
        assert not permissions.is_newcomer(user)


def test_a_newcomer_made_an_administrator_gets_the_whole_admin(set_up, newcomer):
    newcomer.is_superuser = True
    newcomer.save()
    client = logged_in(newcomer)
    assert not permissions.is_newcomer(newcomer)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Getting started" not in dashboard
    assert "Reports" in dashboard
    assert client.get(reverse("handover_newcomers:welcome"))["Location"] == reverse("wagtailadmin_home")

    post = PostPage.objects.child_of(set_up.publication).get()
    editor_html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "Promote" in editor_html  # the full editor, not the first-issue one
    # The publication itself may be deleted by an administrator (the newcomer is stopped).
    delete = client.get(reverse("wagtailadmin_pages:delete", args=[set_up.publication.pk]))
    assert delete.status_code == 200


def test_in_review_mode_send_to_check_is_the_main_button(reviewed):
    post = PostPage.objects.child_of(reviewed.publication).get()
    html = (
        logged_in(reviewed.newcomer).get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    )
    send, save = html.find("Send to Sam to check"), html.find("Save draft")
    assert send != -1 and (save == -1 or send < save)
    assert "Submit to" not in html
