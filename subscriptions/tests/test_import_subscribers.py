"""Importing a mailing list from CSV: each export's columns, bad rows, consent, nothing twice."""

import logging
import re
from html import unescape
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command

import pytest

from subscriptions import delivery, signup
from subscriptions.models import Delivery, Subscriber

from .conftest import add_issue

pytestmark = pytest.mark.django_db

MAILCHIMP = (
    "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,TAGS\n"
    "pat@example.org,Pat,Khan,2,2023-04-01 10:00:00,,2023-04-01 10:05:00,\n"
    "Sam@Example.org,Sam,Nowak,2,2023-05-02 09:00:00,,2023-05-02 09:01:00,\n"
)
MAILPOET = (
    "email;first_name;last_name;status;subscribed_ip\n"
    "pat@example.org;Pat;Khan;subscribed;\n"
    "left@example.org;Lee;Gone;unsubscribed;\n"
    "sam@example.org;Sam;;subscribed;\n"
)
GENERIC = "EMAIL\npat@example.org\nsam@example.org\n"


def write(tmp_path, text, name="list.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def run(newsletter, path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_subscribers", str(newsletter.pk), str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def importing(newsletter, tmp_path, django_capture_on_commit_callbacks):
    """Run the command as an operator would, with queued emails sent on commit."""

    def do(text, *args, name="list.csv", encoding="utf-8", publication=None):
        path = write(tmp_path, text, name, encoding)
        with django_capture_on_commit_callbacks(execute=True):
            return run(publication or newsletter, path, "--by", "Ann Organiser", *args)

    return do


def emails(newsletter):
    return dict(Subscriber.objects.filter(publication=newsletter).values_list("email", "status"))


@pytest.mark.parametrize(
    ("text", "dialect", "names"),
    [
        (MAILCHIMP, "Mailchimp", {"pat@example.org": "Pat Khan", "sam@example.org": "Sam Nowak"}),
        (MAILPOET, "MailPoet", {"pat@example.org": "Pat Khan", "sam@example.org": "Sam"}),
        (GENERIC, "generic", {"pat@example.org": "", "sam@example.org": ""}),
    ],
)
def test_each_export_is_recognised_and_imported_pending(importing, newsletter, text, dialect, names):
    output = importing(text)

    assert f"read as a {dialect} list" in output
    subscribers = Subscriber.objects.filter(publication=newsletter)
    assert {s.email: s.name for s in subscribers} == names
    for subscriber in subscribers:
        assert subscriber.status == Subscriber.Status.PENDING
        assert subscriber.source.startswith("imported from list.csv on ")
        assert subscriber.source.endswith(" by Ann Organiser")
        assert subscriber.consent_text == signup.consent_text(newsletter)  # the words they confirm
        assert subscriber.language == newsletter.locale.language_code
    assert "2 created (pending confirmation)" in output


def test_a_mailpoet_address_unsubscribed_there_is_kept_out(importing, newsletter):
    output = importing(MAILPOET)

    assert "left@example.org" not in emails(newsletter)
    assert "row 3: left@example.org: kept out, marked “unsubscribed” in the file" in output


def test_bad_rows_are_listed_with_their_row_and_reason(importing, newsletter):
    output = importing(
        "email,name\n"
        "good@example.org,Good\n"
        "not-an-address,Bad\n"
        ",Nobody\n"
        "GOOD@example.org,Twice\n"
        "also good@example,Spaces\n"
    )

    assert emails(newsletter) == {"good@example.org": "pending"}
    assert "row 3: not-an-address: not a valid email address" in output
    assert "row 4: (empty): no email address" in output
    assert "row 5: good@example.org: the same address as row 2" in output
    assert "row 6: also good@example: not a valid email address" in output
    assert (
        "1 created (pending confirmation), 0 already there, 0 unsubscribed kept out, 4 bad row(s)" in output
    )


def test_each_new_address_gets_one_confirmation_email_and_no_issue_until_confirmed(
    importing, newsletter, client
):
    importing(GENERIC)

    assert sorted(message.to[0] for message in mail.outbox) == ["pat@example.org", "sam@example.org"]
    for message in mail.outbox:
        assert "/subscriptions/confirm/" in message.body
        assert "Kingstanding Watch has a new home, and this address was on its mailing list" in message.body
        assert "hopefully you" not in message.body
        assert "list.csv" not in message.body and "Ann Organiser" not in message.body
        html = message.alternatives[0][0]
        assert "has a new home" in html and "By confirming you agree to:" in html

    post = add_issue(newsletter)
    assert delivery.start_send(post) == 0  # pending imports are sent no issue

    link = next(m for m in mail.outbox if m.to == ["pat@example.org"]).body.split("/subscriptions/confirm/")[
        1
    ]
    client.post("/subscriptions/confirm/" + link.split()[0])
    assert emails(newsletter)["pat@example.org"] == "confirmed"
    assert delivery.start_send(post) == 1
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == ["pat@example.org"]


def test_importing_the_same_file_again_adds_nothing_and_sends_nothing(importing, newsletter):
    importing(MAILCHIMP)
    first = Subscriber.objects.filter(publication=newsletter).count()
    sent = len(mail.outbox)

    output = importing(MAILCHIMP)

    assert Subscriber.objects.filter(publication=newsletter).count() == first == 2
    assert len(mail.outbox) == sent == 2
    assert "0 created (pending confirmation), 2 already there" in output


def test_an_unsubscribed_address_is_never_put_back(importing, newsletter):
    Subscriber.objects.create(
        publication=newsletter,
        email="pat@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        consent_text="Email me each issue.",
        consented_at="2024-01-01T00:00:00Z",
    )

    output = importing(GENERIC)

    assert emails(newsletter) == {"pat@example.org": "unsubscribed", "sam@example.org": "pending"}
    assert "row 2: pat@example.org: kept out, unsubscribed from this newsletter" in output
    assert "1 unsubscribed kept out" in output
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]


def test_the_same_address_on_another_newsletter_is_imported(importing, newsletter, place):
    from newsletters.models import PublicationPage

    other = place.add_child(
        instance=PublicationPage(title="Other", slug="other", kind=PublicationPage.Kind.NEWSLETTER)
    )
    importing(GENERIC)
    importing(GENERIC, publication=other)

    assert emails(other) == {"pat@example.org": "pending", "sam@example.org": "pending"}


def test_consent_recorded_elsewhere_creates_confirmed_addresses_and_is_logged(importing, newsletter, caplog):
    statement = "Mailchimp double opt-in form on our old site, 2019 to 2025"
    with caplog.at_level(logging.INFO, logger="subscriptions.importing"):
        output = importing(MAILCHIMP, "--consent-recorded-elsewhere", statement)

    assert emails(newsletter) == {"pat@example.org": "confirmed", "sam@example.org": "confirmed"}
    assert not mail.outbox
    pat = Subscriber.objects.get(email="pat@example.org")
    assert statement in pat.consent_text
    assert "Ann Organiser" in pat.consent_text
    assert pat.consented_at.isoformat().startswith("2023-04-01T10:00:00")  # the OPTIN_TIME
    assert pat.confirmed_at is not None
    assert "2 created (confirmed)" in output
    [record] = [r for r in caplog.records if r.name == "subscriptions.importing"]
    assert record.levelno == logging.WARNING
    assert statement in record.getMessage() and "Ann Organiser" in record.getMessage()
    assert "pat@example.org" not in record.getMessage()  # no personal data in the logs

    assert delivery.start_send(add_issue(newsletter)) == 2


def test_consent_recorded_elsewhere_needs_a_statement(importing, newsletter):
    with pytest.raises(CommandError, match="needs a statement"):
        importing(GENERIC, "--consent-recorded-elsewhere", "  ")
    assert not emails(newsletter)


def test_dry_run_changes_nothing_and_sends_nothing(importing, newsletter):
    output = importing(MAILCHIMP + "broken\n", "--dry-run")

    assert not emails(newsletter)
    assert not mail.outbox
    assert "Dry run, nothing changed: 2 would be created (pending confirmation)" in output
    assert "row 4: broken: not a valid email address" in output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_a_byte_order_mark(importing, newsletter, encoding):
    output = importing("Email,Name\nzofia@example.org,Zofia Wójcik\n", encoding=encoding)

    assert Subscriber.objects.get(publication=newsletter).name == "Zofia Wójcik"
    assert "not UTF-8" not in output


def test_a_windows_1252_file_is_read_with_a_warning(importing, newsletter):
    output = importing("Email;Name\nrene@example.org;René Dupré\n", encoding="cp1252")

    assert Subscriber.objects.get(publication=newsletter).name == "René Dupré"
    assert "read as Windows-1252" in output
    assert "separated by ';'" in output


def test_tab_separated_files_are_read(importing, newsletter):
    importing("Email Address\tFirst Name\npat@example.org\tPat\n")

    assert emails(newsletter) == {"pat@example.org": "pending"}


def test_a_file_without_an_email_column_names_the_columns_found(importing, newsletter):
    with pytest.raises(CommandError) as error:
        importing("Name,Phone\nPat,0121\n")

    assert "No email column" in str(error.value)
    assert '"Name", "Phone"' in str(error.value)
    assert not emails(newsletter)


def test_the_newsletter_can_be_named_by_slug_and_unknown_ones_are_refused(newsletter, tmp_path):
    path = write(tmp_path, GENERIC)
    out = StringIO()
    call_command("import_subscribers", "watch", str(path), "--dry-run", stdout=out)
    assert "2 would be created" in out.getvalue()

    with pytest.raises(CommandError, match="There is no newsletter with the id or short name “nowhere”"):
        call_command("import_subscribers", "nowhere", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_subscribers", "watch", str(tmp_path / "missing.csv"))


def test_a_slug_used_by_two_newsletters_asks_for_the_id(newsletter, home_page, tmp_path):
    from home.models import PlacePage
    from newsletters.models import PublicationPage

    other_place = home_page.add_child(instance=PlacePage(title="Erdington", slug="erdington"))
    other = other_place.add_child(
        instance=PublicationPage(title="Erdington Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER)
    )
    with pytest.raises(CommandError, match="Give its id instead") as error:
        call_command("import_subscribers", "watch", str(write(tmp_path, GENERIC)))
    assert str(newsletter.pk) in str(error.value) and str(other.pk) in str(error.value)


def test_progress_is_shown(importing, newsletter):
    rows = "".join(f"reader{number}@example.org\n" for number in range(250))
    output = importing("email\n" + rows)

    assert "100/250 addresses saved" in output
    assert "250/250 addresses saved" in output
    assert Subscriber.objects.filter(publication=newsletter).count() == 250


# --- the admin upload screen -------------------------------------------------------------


@pytest.fixture
def people(django_user_model, newsletter):
    from .test_admin import editor

    return {
        "writer": editor(django_user_model, "writer", newsletter, ["add_page", "change_page"]),
        "stranger": editor(django_user_model, "stranger"),
    }


def upload(text, name="members.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


def import_url(newsletter):
    from django.urls import reverse

    return reverse("subscriptions_sending:import", args=[newsletter.pk])


def test_the_admin_previews_then_imports_on_confirmation(client, newsletter, people):
    client.force_login(people["writer"])
    page = client.get(import_url(newsletter))
    assert page.status_code == 200
    assert "Consent is already recorded elsewhere" in page.content.decode()

    preview = client.post(import_url(newsletter), {"file": upload(MAILCHIMP + "oops\n"), "consent": "ask"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Import 2 addresses" in html
    assert "not a valid email address" in html
    assert not emails(newsletter) and not mail.outbox  # the preview is a dry run

    # The second step posts back the hidden fields the preview rendered, as a browser would.
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert hidden["confirm"] == "True" and hidden["file_name"] == "members.csv" and hidden["consent"] == "ask"
    data = re.search(r'<input type="hidden" name="data" value="([^"]*)"', html, re.S).group(1)
    hidden["data"] = unescape(data)
    hidden.pop("csrfmiddlewaretoken", None)
    done = client.post(import_url(newsletter), hidden)
    assert done.status_code == 302
    assert emails(newsletter) == {"pat@example.org": "pending", "sam@example.org": "pending"}
    assert Subscriber.objects.get(email="pat@example.org").source.startswith("imported from members.csv")
    assert Subscriber.objects.get(email="pat@example.org").source.endswith("by writer")
    assert len(mail.outbox) == 2


def test_the_admin_consent_elsewhere_needs_a_statement(client, newsletter, people):
    client.force_login(people["writer"])
    response = client.post(import_url(newsletter), {"file": upload(GENERIC), "consent": "elsewhere"})
    assert response.status_code == 400
    assert "Say where and when" in response.content.decode()

    preview = client.post(
        import_url(newsletter),
        {"file": upload(GENERIC), "consent": "elsewhere", "statement": "Paper forms, 2024"},
    )
    assert "subscribed at once, with no email" in preview.content.decode()


def test_the_admin_refuses_big_files_bad_files_and_strangers(client, newsletter, people, monkeypatch):
    from subscriptions import import_views

    client.force_login(people["stranger"])
    assert client.get(import_url(newsletter)).status_code == 403
    assert client.post(import_url(newsletter), {"file": upload(GENERIC)}).status_code == 403

    client.force_login(people["writer"])
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 10)
    response = client.post(import_url(newsletter), {"file": upload(GENERIC), "consent": "ask"})
    assert response.status_code == 413
    assert "too big" in response.content.decode()
    monkeypatch.undo()

    response = client.post(import_url(newsletter), {"file": upload("Name\nPat\n"), "consent": "ask"})
    assert response.status_code == 400
    assert "No email column" in response.content.decode()
    response = client.post(import_url(newsletter), {"consent": "ask"})
    assert response.status_code == 400
    assert "Choose a CSV file" in response.content.decode()
    assert not emails(newsletter)
