"""Bringing an existing mailing list over from a CSV file (Mailchimp, MailPoet or a plain list).

One function, ``import_subscribers``, does the work for both the
``import_subscribers`` command and the admin upload screen. The rules:

- each address records where its consent came from (the file, the date and who imported it);
- by default a new address is created *pending* and gets one confirmation email, so it is sent
  issues only once its owner confirms (the same double opt-in as the sign-up form);
- "consent already recorded elsewhere" is a choice the importer makes explicitly, with a
  statement of where and when; those addresses are created confirmed, the statement is kept as
  their consent record, and the choice is logged;
- an address already on the list, in any state, is left alone: an unsubscribed person is never
  put back on a list by an import, and a second run of the same file adds nobody;
- bad rows are reported with their row number and the reason, and skipped.
"""

import csv
import datetime
import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signup
from .models import Subscriber
from .signup import normalise_email

logger = logging.getLogger(__name__)

EMAIL_HEADERS = ("email address", "email", "e-mail", "e-mail address", "email_address", "mail")
NAME_HEADERS = ("name", "full name", "full_name", "display name")
FIRST_NAME_HEADERS = ("first name", "first_name", "fname", "firstname")
LAST_NAME_HEADERS = ("last name", "last_name", "lname", "lastname")
OPTIN_HEADERS = ("optin_time", "confirm_time", "subscribed_at", "created_at")
STATUS_HEADERS = ("status",)
# Statuses in the exported list that mean "do not send to this address".
LEFT_STATUSES = {"unsubscribed", "bounced", "inactive", "cleaned", "unconfirmed"}

NAME_LENGTH = Subscriber._meta.get_field("name").max_length
SOURCE_LENGTH = Subscriber._meta.get_field("source").max_length
PROGRESS_EVERY = 100


class ImportFileError(ValueError):
    """The file cannot be read as a list of addresses at all (as opposed to a few bad rows)."""


@dataclass
class RowOutcome:
    row: int  # as a spreadsheet numbers it: the header is row 1
    email: str
    reason: str = ""


@dataclass
class ImportReport:
    """What an import did, or (dry run) would do."""

    dialect: str = ""
    encoding: str = "utf-8"
    delimiter: str = ","
    confirmed: bool = False  # True when consent was recorded elsewhere
    dry_run: bool = False
    created: list = field(default_factory=list)
    already_there: list = field(default_factory=list)
    kept_out: list = field(default_factory=list)  # unsubscribed here, or in the file
    bad: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def summary(self):
        verb = "would be created" if self.dry_run else "created"
        state = "confirmed" if self.confirmed else "pending confirmation"
        return (
            f"{len(self.created)} {verb} ({state}), {len(self.already_there)} already there, "
            f"{len(self.kept_out)} unsubscribed kept out, {len(self.bad)} bad row(s)"
        )


def decode(data):
    """(text, encoding, warnings): UTF-8 with or without a BOM, else Windows-1252 with a warning."""
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        warning = _(
            "The file is not UTF-8; it was read as Windows-1252 (cp1252). "
            "Check that names with accents came through right."
        )
        return data.decode("cp1252", errors="replace"), "cp1252", [warning]


def sniff_dialect(text):
    sample = text[:20000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def find_column(headers, candidates):
    for candidate in candidates:
        if candidate in headers:
            return headers[candidate]
    return None


def recognise(headers):
    """Which export the header row looks like, from the names of its columns."""
    names = set(headers)
    if "email address" in names or "optin_time" in names:
        return "Mailchimp"
    if "email" in names and ("first_name" in names or "status" in names):
        return "MailPoet"
    return "generic"


def parse_time(value):
    """A Mailchimp/MailPoet time ("2023-04-01 10:00:00", ISO 8601), or None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def read_rows(data):
    """(report, rows): rows are (row number, email, name, opt-in time, status in the file)."""
    if isinstance(data, str):
        text, encoding, warnings = data, "utf-8", []
    else:
        text, encoding, warnings = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    dialect = sniff_dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header_row = next(reader, [])
    headers = {}
    for index, header in enumerate(header_row):
        headers.setdefault(header.strip().lower(), index)
    email_column = find_column(headers, EMAIL_HEADERS)
    if email_column is None:
        found = ", ".join(f'"{header.strip()}"' for header in header_row if header.strip()) or _("none")
        raise ImportFileError(
            _(
                "No email column: the first row needs a column called “Email Address” (Mailchimp), "
                "“email” (MailPoet or any list) or “e-mail”. Columns found: %(found)s."
            )
            % {"found": found}
        )
    report = ImportReport(
        dialect=recognise(headers), encoding=encoding, delimiter=dialect.delimiter, warnings=warnings
    )
    columns = {
        "name": find_column(headers, NAME_HEADERS),
        "first": find_column(headers, FIRST_NAME_HEADERS),
        "last": find_column(headers, LAST_NAME_HEADERS),
        "optin": find_column(headers, OPTIN_HEADERS),
        "status": find_column(headers, STATUS_HEADERS),
    }

    def cell(row, key):
        index = email_column if key == "email" else columns[key]
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    def rows():
        for number, row in enumerate(reader, start=2):
            if not any(value.strip() for value in row):
                continue  # blank lines are not rows anyone meant
            name = cell(row, "name") or " ".join(filter(None, [cell(row, "first"), cell(row, "last")]))
            yield (
                number,
                cell(row, "email"),
                name[:NAME_LENGTH],
                parse_time(cell(row, "optin")),
                cell(row, "status").lower(),
            )

    return report, rows()


def import_subscribers(
    publication,
    data,
    *,
    file_name,
    user,
    consent_recorded_elsewhere=None,
    dry_run=False,
    progress=None,
):
    """Import the addresses in ``data`` (bytes of a CSV file) into ``publication``'s list.

    ``user``: who is importing (a name, for the consent record). ``consent_recorded_elsewhere``:
    None for the default (pending + one confirmation email), or a non-empty statement of where
    and when the consent was recorded (addresses are created confirmed). ``progress(done, total)``
    is called every hundred rows. Raises ``ImportFileError`` when the file has no list in it.
    """
    from .tasks import send_signup_email

    if consent_recorded_elsewhere is not None:
        consent_recorded_elsewhere = consent_recorded_elsewhere.strip()
        if not consent_recorded_elsewhere:
            raise ImportFileError(_("Say where and when these people gave their consent."))
    confirmed = consent_recorded_elsewhere is not None
    report, rows = read_rows(data)
    rows = list(rows)
    report.confirmed, report.dry_run = confirmed, dry_run

    now = timezone.now()
    imported_from = f"imported from {file_name} on {now:%Y-%m-%d} by {user}"
    if confirmed:
        consent = (
            f"Consent recorded elsewhere: {consent_recorded_elsewhere}. "
            f"Stated by {user} when the list was {imported_from}."
        )
    else:
        # What the owner of the address agrees to by confirming: the sign-up form's own words.
        consent = signup.consent_text(publication)
    language = publication.locale.language_code
    existing = dict(
        Subscriber.objects.filter(publication=publication).values_list("email", "status").iterator()
    )
    existing = {email.lower(): status for email, status in existing.items()}
    validate = EmailValidator()
    seen = {}
    to_create = []
    for number, raw_email, name, opted_in_at, file_status in rows:
        email = normalise_email(raw_email)
        if not email:
            report.bad.append(RowOutcome(number, raw_email, _("no email address")))
            continue
        try:
            validate(email)
        except ValidationError:
            report.bad.append(RowOutcome(number, raw_email, _("not a valid email address")))
            continue
        if email in seen:
            reason = _("the same address as row %(row)d") % {"row": seen[email]}
            report.bad.append(RowOutcome(number, email, reason))
            continue
        seen[email] = number
        status = existing.get(email)
        if status == Subscriber.Status.UNSUBSCRIBED:
            report.kept_out.append(RowOutcome(number, email, _("unsubscribed from this newsletter")))
        elif status is not None:
            label = Subscriber.Status(status).label
            reason = _("already on the list (%(status)s)") % {"status": label}
            report.already_there.append(RowOutcome(number, email, reason))
        elif file_status in LEFT_STATUSES:
            reason = _("marked “%(status)s” in the file") % {"status": file_status}
            report.kept_out.append(RowOutcome(number, email, reason))
        else:
            report.created.append(RowOutcome(number, email))
            to_create.append((email, name, opted_in_at))

    if dry_run:
        return report

    created_ids = []
    with transaction.atomic():
        for done, (email, name, opted_in_at) in enumerate(to_create, start=1):
            subscriber, created = Subscriber.objects.get_or_create(
                publication=publication,
                email=email,
                defaults={
                    "name": name,
                    "status": Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
                    "consent_text": consent,
                    # A pending address's clock starts now: unconfirmed, it is deleted like any sign-up.
                    "consented_at": (opted_in_at or now) if confirmed else now,
                    "confirmed_at": now if confirmed else None,
                    "source": imported_from[:SOURCE_LENGTH],
                    "language": language,
                },
            )
            if created:
                created_ids.append(subscriber.pk)
            if progress and (done % PROGRESS_EVERY == 0 or done == len(to_create)):
                progress(done, len(to_create))
        if not confirmed:
            transaction.on_commit(
                lambda: [send_signup_email.enqueue(pk, imported=True) for pk in created_ids]
            )
    if confirmed:
        logger.warning(
            "Subscriber import into publication %s: %s address(es) from %s created confirmed "
            "without a confirmation email, because %s said consent was recorded elsewhere: %s",
            publication.pk,
            len(created_ids),
            file_name,
            user,
            consent_recorded_elsewhere,
        )
    else:
        logger.info(
            "Subscriber import into publication %s: %s address(es) from %s created pending, "
            "each sent one confirmation email",
            publication.pk,
            len(created_ids),
            file_name,
        )
    return report
