"""Finished background-task results (their arguments can name people) are deleted after a while."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def result(status, finished_days_ago=None):
    now = timezone.now()
    finished = None if finished_days_ago is None else now - timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        run_after=now,
        finished_at=finished,
        args_kwargs={"args": ["reader@example.com"], "kwargs": {}},
        task_path="subscriptions.tasks.send_confirmation",
        backend_name="default",
    )


@pytest.mark.django_db
def test_finished_results_older_than_the_setting_are_deleted(settings):
    settings.TASKS = DB_TASKS
    settings.TASK_RESULTS_KEEP_DAYS = 7
    old_success = result("SUCCESSFUL", finished_days_ago=8)
    old_failure = result("FAILED", finished_days_ago=30)
    recent = result("SUCCESSFUL", finished_days_ago=6)
    waiting = result("READY")
    running = result("RUNNING")
    when = timezone.now() - timedelta(days=2)
    WorkerHeartbeat.objects.create(name="worker:gone", role="worker", started_at=when, beat_at=when)

    out = StringIO()
    call_command("delete_old_task_results", stdout=out)

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, waiting.pk, running.pk}
    assert old_success.pk not in remaining and old_failure.pk not in remaining
    assert "Deleted 2 task result(s)" in out.getvalue()
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_the_keep_period_is_configurable(settings):
    settings.TASKS = DB_TASKS
    settings.TASK_RESULTS_KEEP_DAYS = 1
    result("SUCCESSFUL", finished_days_ago=2)
    call_command("delete_old_task_results", stdout=StringIO())
    assert not DBTaskResult.objects.exists()


def test_the_scheduler_runs_the_clean_up():
    from home.management.commands.run_scheduler import SCHEDULE

    assert "delete_old_task_results" in dict(SCHEDULE)
