import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters.models import PublicationPage
from newsletters.queries import NotOnePublication, publication_named
from subscriptions.importing import ImportFileError, import_subscribers


def operator():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (some containers)
        return "unknown user"


class Command(BaseCommand):
    help = (
        "Import a mailing list from a CSV file (a Mailchimp or MailPoet export, or any file with an "
        '"email" column) into a newsletter. By default each new address is created waiting for '
        "confirmation and gets one email asking to confirm: it is sent issues only once confirmed. "
        "Addresses already on the list (including unsubscribed ones) are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("publication", help="The newsletter's page id or slug.")
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--consent-recorded-elsewhere",
            metavar="STATEMENT",
            help=(
                'Where and when these people gave consent (e.g. "Mailchimp double opt-in, 2019-2025"). '
                "Addresses are then created confirmed with no confirmation email; the statement is kept "
                "as their consent record and the choice is logged."
            ),
        )
        parser.add_argument(
            "--by", default="", help="Who is importing, for the consent record (default: you)."
        )

    def handle(self, *args, **options):
        try:
            publication = publication_named(
                options["publication"],
                PublicationPage.objects.filter(kind=PublicationPage.Kind.NEWSLETTER),
                noun="newsletter",
            )
        except NotOnePublication as error:
            raise CommandError(str(error)) from error
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        statement = options["consent_recorded_elsewhere"]
        if statement is not None and not statement.strip():
            raise CommandError("--consent-recorded-elsewhere needs a statement of where and when.")
        user = options["by"] or f"{operator()} (command line)"

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} addresses saved")

        try:
            report = import_subscribers(
                publication,
                data,
                file_name=path.name,
                user=user,
                consent_recorded_elsewhere=statement,
                dry_run=options["dry_run"],
                progress=progress if options["verbosity"] else None,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            f"{path.name}: read as a {report.dialect} list ({report.encoding}, "
            f"separated by {report.delimiter!r}) for {publication.title}."
        )
        for outcome in report.bad:
            self.stdout.write(f"  row {outcome.row}: {outcome.email or '(empty)'}: {outcome.reason}")
        for outcome in report.kept_out:
            self.stdout.write(f"  row {outcome.row}: {outcome.email}: kept out, {outcome.reason}")
        if options["verbosity"] > 1:
            for outcome in report.already_there:
                self.stdout.write(f"  row {outcome.row}: {outcome.email}: {outcome.reason}")
        prefix = "Dry run, nothing changed: " if report.dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))
        if report.created and not report.confirmed:
            verb = "would get" if report.dry_run else "get"
            self.stdout.write(
                f"The new addresses {verb} one email asking them to confirm; "
                "they receive issues only once they do."
            )
