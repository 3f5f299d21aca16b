"""The demo town has a help log: a newcomer with a publication, and help that made no account."""

import io

from django.core.management import call_command

import pytest

from handover import demo
from handover.models import HelpRecord
from handover.queries import with_since_figures

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_help_log(demo_site):
    records = with_since_figures(HelpRecord.objects.all())
    with_account = records.get(newcomer__isnull=False)
    assert with_account.publication.live and with_account.surgery is not None
    assert with_account.invites.usable().exists()
    assert records.filter(newcomer__isnull=True, link__startswith="https://").exists()
    watch = records.filter(publication__title="Kingstanding Neighbourhood Watch").first()
    if watch is not None:
        assert watch.posts_since > 0 and "issues since" in watch.since_summary()


def test_the_demo_step_copes_with_an_empty_town(home_page, place):
    class EmptyTown:
        home = home_page
        places = {"Kingstanding": place}
        publications = {}

    demo.build(EmptyTown(), io.StringIO().write)
    assert HelpRecord.objects.filter(surgery__isnull=True).count() == HelpRecord.objects.count()
    assert HelpRecord.objects.filter(newcomer__isnull=False).count() == 1


def test_load_demo_prints_the_help_log_step(demo_snapshot, db, tmp_path):
    """What ``load_demo`` printed when it built the session's demo town (PostgreSQL), or now."""
    if demo_snapshot is None:
        out = io.StringIO()
        call_command("load_demo", login_file=str(tmp_path / "login"), stdout=out)
        output = out.getvalue()
    else:
        output = demo_snapshot.output
    assert "Help log" in output and "help-log entries" in output
