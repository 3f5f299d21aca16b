"""The task worker and the scheduler carry on when the database drops their connections.

Each test starts the real process against the test database, kills every one of
its connections with pg_terminate_backend (what a PostgreSQL restart or failover
does to a client) and checks that the queued work still happens, exactly once.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.models import WorkerHeartbeat

from .worker_tasks import record_run

REPOSITORY = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def start(*command):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.tests.worker_settings",
        "PATCHWORK_TEST_DATABASE": connection.settings_dict["NAME"],
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *command],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def wait_for(condition, timeout, process):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def kill_other_connections():
    """Disconnect every other client of the test database, as a server restart would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def groups(prefix):
    from django.contrib.auth.models import Group

    return sorted(Group.objects.filter(name__startswith=prefix).values_list("name", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_every_task_exactly_once_across_lost_connections(settings):
    settings.TASKS = DB_TASKS
    worker = start("run_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload")
    try:
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(role="worker").exists(), 30, worker)

        for key in ["task-0", "task-1"]:
            record_run.enqueue(key=key)
        slow = record_run.enqueue(key="task-slow", pause=1.5)
        assert wait_for(
            lambda: DBTaskResult.objects.filter(pk=slow.id, status="RUNNING").exists(), 30, worker
        ), "the slow task never started"
        assert kill_other_connections() >= 1  # the worker's, in the middle of the task

        for key in ["task-2", "task-3"]:
            record_run.enqueue(key=key)
        assert wait_for(lambda: len(groups("task-")) >= 5, 30, worker)
        kill_other_connections()  # and again while it waits for work
        record_run.enqueue(key="task-4")
        assert wait_for(lambda: len(groups("task-")) == 6, 30, worker), stop(worker)
        time.sleep(0.5)  # a duplicate run, if any, would show up now

        assert worker.poll() is None, "the worker exited: " + stop(worker)
        assert groups("task-") == [
            "task-0",
            "task-1",
            "task-2",
            "task-3",
            "task-4",
            "task-slow",
        ]  # every task's work done, none twice
        statuses = list(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == ["SUCCESSFUL"] * 6
        slow_result = DBTaskResult.objects.get(pk=slow.id)
        assert len(slow_result.worker_ids) == 2  # interrupted once, then run again
    finally:
        output = stop(worker)
    assert "lost its database connection" in output


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_publishes_a_scheduled_page_after_its_connection_was_killed():
    from wagtail.models import Page

    from home.models import StandardPage

    root = Page.objects.get(depth=1)
    page = root.add_child(instance=StandardPage(title="Opening hours", slug="opening-hours", live=False))
    scheduler = start("run_scheduler", "--every", "0.3")
    try:
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(role="scheduler").exists(), 30, scheduler), (
            stop(scheduler)
        )
        time.sleep(0.5)  # a round of jobs with the connection it will lose
        assert kill_other_connections() >= 1

        page.go_live_at = timezone.now() + timedelta(seconds=1)
        page.save_revision().publish()  # scheduled, not live yet
        page.refresh_from_db()
        assert not page.live

        assert wait_for(lambda: Page.objects.get(pk=page.pk).live, 30, scheduler), stop(scheduler)
        assert scheduler.poll() is None, "the scheduler exited: " + stop(scheduler)
    finally:
        stop(scheduler)
