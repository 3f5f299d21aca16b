import io

from django.core.management import call_command

import pytest

from home.management.commands import run_scheduler

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_exists_and_runs_once(home_page):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_scheduler", once=True, stdout=out, stderr=err)
    assert err.getvalue() == ""
    for name, _every in run_scheduler.SCHEDULE:
        assert name in out.getvalue()


def test_one_failing_job_does_not_stop_the_others(monkeypatch):
    ran = []

    def fake_call_command(name, **options):
        ran.append(name)
        if name == "publish_scheduled":
            raise RuntimeError("database unavailable")

    monkeypatch.setattr(run_scheduler, "call_command", fake_call_command)
    err = io.StringIO()
    call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert ran == [name for name, _every in run_scheduler.SCHEDULE]
    assert "publish_scheduled failed: database unavailable" in err.getvalue()
