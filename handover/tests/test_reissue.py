"""A fresh invitation can never be used to take over someone's account.

Only the helper who set the newcomer up (or a site administrator) sees the link or
makes a fresh one, never once the newcomer has logged in, and every fresh link is
recorded in the help-log entry's history.
"""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from handover.models import Invite
from handover.permissions import HELPERS_GROUP
from handover.views import REISSUE_ACTION

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kim(helper):
    """Another surgery helper, who did not set Maureen up."""
    return make_user("kim", groups=[HELPERS_GROUP])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def reissue(client, record):
    return client.post(reverse("handover_newcomers:reissue", args=[record.pk]))


def invitation_page(client, record):
    return client.get(reverse("handover_newcomers:handed_over", args=[record.pk]))


def denied(response):
    """Wagtail answers "not allowed" in the admin with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def usable_links(record):
    return list(Invite.objects.filter(user=record.newcomer).usable())


def reissue_log(record):
    return ModelLogEntry.objects.filter(action=REISSUE_ACTION, object_id=str(record.pk))


def test_another_helper_can_neither_see_the_link_nor_make_a_fresh_one(set_up, kim):
    client = logged_in(kim)
    page = invitation_page(client, set_up)
    html = page.content.decode()
    assert page.status_code == 200
    assert set_up.invite.token not in html
    assert "Make a fresh invitation link" not in html
    assert "Only Sam Helper, who set Maureen Lewis up, or a site administrator" in html

    assert denied(reissue(client, set_up))
    assert usable_links(set_up) == [set_up.invite]
    assert not reissue_log(set_up).exists()


def test_editing_the_help_log_entry_does_not_make_another_helper_its_owner(set_up, kim):
    """The log's "helper" field is editable by any helper; who ran the hand-over is not."""
    set_up.helper = kim
    set_up.save()
    assert denied(reissue(logged_in(kim), set_up))


def test_the_helper_who_set_them_up_makes_a_fresh_link_and_it_is_logged(set_up, helper):
    client = logged_in(helper)
    assert set_up.invite.token in invitation_page(client, set_up).content.decode()

    response = reissue(client, set_up)
    assert response.status_code == 302
    [fresh] = usable_links(set_up)
    assert fresh.pk != set_up.invite.pk

    [entry] = reissue_log(set_up)
    assert entry.user == helper
    assert entry.data["newcomer"] == "maureen-lewis"
    assert (timezone.now() - entry.timestamp).total_seconds() < 60

    html = invitation_page(client, set_up).content.decode()
    assert fresh.token in html
    assert "Fresh invitations made" in html and "by Sam Helper, for maureen-lewis" in html


def test_the_fresh_link_shows_in_the_entrys_history(set_up, helper, admin_user):
    reissue(logged_in(helper), set_up)
    history = logged_in(admin_user).get(reverse("handover_help_log:history", args=[set_up.pk]))
    assert history.status_code == 200
    assert "Fresh invitation link made" in history.content.decode()


def test_a_site_administrator_may_make_a_fresh_link(set_up, admin_user):
    assert reissue(logged_in(admin_user), set_up).status_code == 302
    assert reissue_log(set_up).get().user == admin_user


@pytest.mark.parametrize("who", ["helper", "admin_user"])
def test_nobody_can_once_the_newcomer_has_logged_in(request, set_up, who):
    """From their first login the account is theirs: a forgotten password goes through a reset."""
    set_up.newcomer.last_login = timezone.now()
    set_up.newcomer.save(update_fields=["last_login"])
    client = logged_in(request.getfixturevalue(who))

    page = invitation_page(client, set_up)
    html = page.content.decode()
    assert "Make a fresh invitation link" not in html
    assert "has already logged in" in html and "Forgot your password?" in html
    assert set_up.invite.token not in html

    response = reissue(client, set_up)
    assert response.status_code == 302
    assert "has already logged in" in " ".join(str(m) for m in client.get(response.url).context["messages"])
    assert not reissue_log(set_up).exists()
    assert Invite.objects.filter(user=set_up.newcomer).count() == 1


def test_an_old_unused_link_stops_working_once_the_account_is_in_use(client, set_up):
    set_up.newcomer.last_login = timezone.now()
    set_up.newcomer.save(update_fields=["last_login"])
    response = client.get(set_up.invite.get_absolute_url())
    assert response.status_code == 410
    assert "already in use" in response.content.decode()
    response = client.post(
        set_up.invite.get_absolute_url(), {"new_password1": "a b c d e f", "new_password2": "a b c d e f"}
    )
    assert response.status_code == 410
    set_up.newcomer.refresh_from_db()
    assert not set_up.newcomer.has_usable_password()


def test_the_help_log_offers_the_invitation_only_to_the_helper_who_set_them_up(set_up, helper, kim):
    url = reverse("handover_help_log:index")
    invitation = reverse("handover_newcomers:handed_over", args=[set_up.pk])
    assert invitation in logged_in(helper).get(url).content.decode()
    assert invitation not in logged_in(kim).get(url).content.decode()
