import io
import itertools

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


class FakeClock:
    """The scheduler's clock and sleep: sleeping moves the clock on; stops the scheduler after `until`."""

    def __init__(self, until):
        self.now, self.until, self.naps = 1000.0, 1000.0 + until, []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.naps.append(seconds)
        self.now += seconds
        if self.now >= self.until:
            raise KeyboardInterrupt  # what Ctrl+C does to the real scheduler


def test_an_idle_scheduler_sleeps_until_the_next_job_or_heartbeat(monkeypatch, settings):
    """Over an hour it wakes twice a minute (a heartbeat every 30 s), never in a tight loop,
    and still runs every job on its interval."""
    settings.WORKER_HEARTBEAT_SECONDS = 30
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 90
    clock = FakeClock(until=3600)
    runs = []
    monkeypatch.setattr(run_scheduler, "monotonic", clock.monotonic)
    monkeypatch.setattr(run_scheduler, "sleep", clock.sleep)
    monkeypatch.setattr(run_scheduler, "call_command", lambda name, **options: runs.append((clock.now, name)))
    beats = []
    monkeypatch.setattr(run_scheduler.workers, "beat", lambda name, **kwargs: beats.append(clock.now))

    with pytest.raises(KeyboardInterrupt):
        call_command("run_scheduler", stdout=io.StringIO(), stderr=io.StringIO())

    assert len(clock.naps) == 120  # the old 5-second tick woke 720 times an hour
    assert min(clock.naps) == 30
    minute_jobs = [when for when, name in runs if name == "publish_scheduled"]
    assert len(minute_jobs) == 60 and minute_jobs[1] - minute_jobs[0] == 60
    assert len([name for _when, name in runs if name == "delete_old_task_results"]) == 1
    assert len(beats) == 120 and max(b - a for a, b in itertools.pairwise(beats)) == 30


def test_the_heartbeat_keeps_a_scheduler_shown_as_running_when_the_stale_time_is_short(monkeypatch, settings):
    """With WORKER_HEARTBEAT_STALE_SECONDS lowered to 30, it beats every 10 s and sleeps no longer."""
    settings.WORKER_HEARTBEAT_SECONDS = 30
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 30
    clock = FakeClock(until=120)
    monkeypatch.setattr(run_scheduler, "monotonic", clock.monotonic)
    monkeypatch.setattr(run_scheduler, "sleep", clock.sleep)
    monkeypatch.setattr(run_scheduler, "call_command", lambda name, **options: None)
    monkeypatch.setattr(run_scheduler.workers, "beat", lambda name, **kwargs: None)
    with pytest.raises(KeyboardInterrupt):
        call_command("run_scheduler", stdout=io.StringIO(), stderr=io.StringIO())
    assert clock.naps == [10] * 12
