import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Page

from cms.sites import base_url as site_base_url
from handover import demo as handover_demo
from home import demo as home_demo
from home.models import HomePage
from newsletters import demo as newsletters_demo
from subscriptions import demo as subscriptions_demo
from surgeries import demo as surgeries_demo

DEMO_USERNAME = "admin"


def demo_steps():
    """Steps that add to the town, each called as ``step(town, log)``; apps append theirs here."""
    return [
        ("Community centres", home_demo.build_centres),
        ("Newsletters and blogs", newsletters_demo.build),
        ("Subscribers", subscriptions_demo.build),
        ("Surgeries", surgeries_demo.build),
        ("Help log", handover_demo.build),
        # Last, so the pages of every type it translates exist.
        ("Translations", home_demo.build_translations),
    ]


class Command(BaseCommand):
    help = (
        "Build the demo town in an empty database: places, pages and a demo admin account. "
        "Does nothing when a home page already exists, so it is safe to run every time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--login-file",
            default=str(settings.BASE_DIR / ".demo-login"),
            help="Where the generated admin password is written (default: .demo-login).",
        )

    def handle(self, *args, login_file, **options):
        login_path = Path(login_file)
        if HomePage.objects.exists():
            self.stdout.write("Demo site already loaded: nothing changed.")
        else:
            self.build()
        self.ensure_admin(login_path)
        self.print_login(login_path)

    def build(self):
        started = time.monotonic()
        self.stdout.write("Building the demo site...")
        steps = demo_steps()
        total = len(steps) + 1
        with transaction.atomic():
            self.stdout.write(f"[1/{total}] Town, places and plain pages")
            town = home_demo.build_town(self.stdout.write)
            for number, (label, step) in enumerate(steps, start=2):
                self.stdout.write(f"[{number}/{total}] {label}")
                step(town, self.stdout.write)
        # The words 'did you mean' offers: a moment for the demo's few hundred titles and tags.
        call_command("refresh_search_terms", stdout=self.stdout)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready: {Page.objects.filter(depth__gt=1).count()} pages in {seconds:.1f}s."
            )
        )

    def ensure_admin(self, login_path):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_USERNAME).exists():
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=DEMO_USERNAME,
            email="admin@patchwork.example",
            password=password,
            first_name="Demo",
            last_name="Admin",
        )
        login_path.write_text(f"username: {DEMO_USERNAME}\npassword: {password}\n")
        login_path.chmod(0o600)

    def print_login(self, login_path):
        self.stdout.write("")
        base_url = site_base_url()
        self.stdout.write(f"Site:  {base_url}/")
        self.stdout.write(f"Admin: {base_url}/admin/")
        if login_path.exists():
            self.stdout.write(
                f"Login (from {login_path.name}): "
                + " / ".join(
                    line.split(": ", 1)[1] for line in login_path.read_text().splitlines() if ": " in line
                )
            )
        else:
            self.stdout.write(
                f"The '{DEMO_USERNAME}' account existed before and its password was not generated here: "
                "use your own password, or `python manage.py changepassword admin`."
            )
