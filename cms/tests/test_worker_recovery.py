"""A task left "running" by a worker that died is queued again; a living worker's task is left alone."""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.management.commands.run_worker import ResilientWorker
from cms.models import WorkerHeartbeat


def worker():
    return ResilientWorker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="me",
        excluded_queue_names=[],
    )


def running_task(owner, started_minutes_ago):
    started = timezone.now() - timedelta(minutes=started_minutes_ago)
    return DBTaskResult.objects.create(
        status="RUNNING",
        run_after=started,
        started_at=started,
        worker_ids=[owner],
        args_kwargs={"args": [], "kwargs": {}},
        task_path="cms.tests.worker_tasks.record_run",
        backend_name="default",
    )


@pytest.mark.django_db
def test_a_dead_workers_task_is_queued_again_and_a_live_ones_is_not(settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 90
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="worker:alive", role="worker", started_at=now, beat_at=now)
    silent = now - timedelta(minutes=10)
    WorkerHeartbeat.objects.create(name="worker:killed", role="worker", started_at=silent, beat_at=silent)
    abandoned = running_task("killed", started_minutes_ago=11)
    unknown = running_task("never-beat", started_minutes_ago=11)
    busy = running_task("alive", started_minutes_ago=30)  # a long send, its worker still beating
    just_started = running_task("killed", started_minutes_ago=0)  # too recent to judge

    worker().recover_abandoned_tasks()

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[abandoned.pk] == "READY"
    assert status[unknown.pk] == "READY"
    assert status[busy.pk] == "RUNNING"
    assert status[just_started.pk] == "RUNNING"
