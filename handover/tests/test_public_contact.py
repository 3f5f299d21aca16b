"""The email a helper types to send the invitation is private; public contacts are typed as such."""

import importlib

from django.apps import apps
from django.urls import reverse

import pytest

from handover.models import HelpRecord
from handover.setup import set_up_newcomer
from newsletters.models import PostPage, PublicationPage

from .conftest import newcomer_details

pytestmark = pytest.mark.django_db

LOGIN_EMAIL = "maureen@example.org"


def public_pages(client, publication):
    """The publication and its first post (published as it was set up), as readers see them."""
    post = PostPage.objects.child_of(publication).get()
    post.save_revision().publish()
    return [client.get(publication.url).content.decode(), client.get(post.url).content.decode()]


def test_the_login_email_is_never_shown_to_readers(client, place, helper):
    record = set_up_newcomer(newcomer_details(place, email=LOGIN_EMAIL), helper)
    assert record.newcomer.email == LOGIN_EMAIL
    for html in public_pages(client, record.publication):
        assert LOGIN_EMAIL not in html
        assert "Email:" not in html


def test_a_public_contact_is_shown_only_when_typed_as_one(client, place, helper):
    details = newcomer_details(
        place,
        email=LOGIN_EMAIL,
        public_contact_name="Maureen, coordinator",
        public_contact_email="watch@example.org",
    )
    record = set_up_newcomer(details, helper)
    for html in public_pages(client, record.publication):
        assert "watch@example.org" in html and "Maureen, coordinator" in html
        assert LOGIN_EMAIL not in html


def test_the_form_says_which_email_is_private_and_which_is_shown(client, helper, place):
    client.force_login(helper)
    html = client.get(reverse("handover_newcomers:setup")).content.decode()
    assert "Public contact email (shown on your pages)" in html
    assert "never shown" in html
    response = client.post(
        reverse("handover_newcomers:setup"),
        {
            "name": "Maureen Lewis",
            "email": LOGIN_EMAIL,
            "public_contact_email": "watch@example.org",
            "group_name": "Kingstanding Neighbourhood Watch",
            "kind": "newsletter",
            "place": place.pk,
            "topics": ["newsletter"],
        },
    )
    assert response.status_code == 302
    publication = HelpRecord.objects.get().publication
    assert (publication.contact_email, publication.contact_name) == ("watch@example.org", "")


# --- Cleaning up publications set up before this was fixed --------------------------


def old_style_set_up(place, helper, **overrides):
    """A hand-over as the old code did it: the login email copied into the public contact."""
    record = set_up_newcomer(newcomer_details(place, **overrides), helper)
    publication = record.publication
    publication.contact_email = record.newcomer.email.upper()
    publication.contact_name = record.helped_name
    publication.save_revision(user=helper).publish()
    return record


def run_clean_up():
    migration = importlib.import_module("handover.migrations.0003_stop_showing_login_emails_as_contacts")
    migration.clear_login_emails_shown_as_contacts(apps, None)


def test_the_clean_up_takes_login_emails_off_set_up_publications_and_their_revisions(client, place, helper):
    record = old_style_set_up(place, helper)
    assert LOGIN_EMAIL.upper() in client.get(record.publication.url).content.decode()

    run_clean_up()

    publication = PublicationPage.objects.get(pk=record.publication.pk)
    assert publication.contact_email == "" and publication.contact_name == "Maureen Lewis"
    assert LOGIN_EMAIL.upper() not in client.get(publication.url).content.decode()
    # Editing or reverting cannot bring it back from an older revision.
    for revision in publication.revisions.all():
        assert revision.content["contact_email"] == ""
    assert publication.get_latest_revision_as_object().contact_email == ""


def test_the_clean_up_leaves_contacts_typed_on_purpose(place, helper, home_page):
    typed = old_style_set_up(place, helper, email="pat@example.org", group_name="Elm Road Residents")
    typed.publication.contact_email = "elmroad@example.org"
    typed.publication.save_revision(user=helper).publish()

    # Made by hand, not by the hand-over: its owner chose to show their own address.
    by_hand = PublicationPage(
        title="Allotments blog", slug="allotments", owner=helper, contact_email=helper.email
    )
    home_page.add_child(instance=by_hand)

    run_clean_up()

    assert PublicationPage.objects.get(pk=typed.publication.pk).contact_email == "elmroad@example.org"
    assert PublicationPage.objects.get(pk=by_hand.pk).contact_email == helper.email
