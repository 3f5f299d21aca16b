"""run_worker takes db_worker's options with db_worker's own checks, and its heartbeat thread keeps
one database connection (opening a fresh one only after the database dropped it)."""

import logging
import threading
import time

from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.signals import connection_created

import pytest

from cms.management.commands import run_worker
from cms.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def test_excluding_queues_needs_every_queue(db_tasks):
    with pytest.raises(CommandError, match="--exclude-queues can only be used with --queue-name"):
        call_command("run_worker", "--exclude-queues=slow", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)  # the worker loop closes connections, as between requests
def test_reload_with_batch_is_refused_with_a_warning_and_the_batch_runs(db_tasks, caplog):
    with caplog.at_level(logging.WARNING, logger="django_tasks_db"):
        # With the reloader this would start a child process and never return.
        call_command("run_worker", "--batch", "--reload", "--no-startup-delay", verbosity=1)
    assert "--reload and --batch cannot be specified together" in caplog.text
    assert not WorkerHeartbeat.objects.exists()  # stopped cleanly, heartbeat forgotten


def heartbeat_connections(monkeypatch):
    """Start a worker's heartbeat thread beating fast; returns (worker, backend pids it connected with)."""
    monkeypatch.setattr(run_worker, "BEAT_EVERY", 0.05)
    pids = []

    def opened(sender, connection, **kwargs):
        if threading.current_thread().name == "heartbeat":
            pids.append(connection.connection.info.backend_pid)

    connection_created.connect(opened, weak=False, dispatch_uid="test-heartbeat-connections")
    worker = run_worker.ResilientWorker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="beating",
        excluded_queue_names=[],
    )
    return worker, pids


def beats_after(moment, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = WorkerHeartbeat.objects.filter(name="worker:beating").first()
        if row and row.beat_at > moment:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_keeps_one_connection_until_the_database_drops_it(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("drops a connection with pg_terminate_backend (PostgreSQL only)")
    worker, pids = heartbeat_connections(monkeypatch)
    worker.start_beating()
    try:
        first = WorkerHeartbeat.objects.get(name="worker:beating").beat_at
        for _ in range(5):
            assert beats_after(first)
            first = WorkerHeartbeat.objects.get(name="worker:beating").beat_at
        assert len(pids) == 1  # many beats, one connection

        with connection.cursor() as cursor:  # as a database restart does to every client
            # With a timeout PostgreSQL waits until the backend has gone: without one it only
            # signals it, and a beat sent meanwhile could still land on the old connection.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pids[0]])
        dropped = WorkerHeartbeat.objects.get(name="worker:beating").beat_at
        assert beats_after(dropped)  # beating again, on a fresh connection
        assert len(pids) >= 2 and pids[0] not in pids[1:]
        settled = len(pids)
        for _ in range(5):
            beat = WorkerHeartbeat.objects.get(name="worker:beating").beat_at
            assert beats_after(beat)
        assert len(pids) == settled  # and it keeps that one
    finally:
        worker._stop_beating.set()
        connection_created.disconnect(dispatch_uid="test-heartbeat-connections")
    WorkerHeartbeat.objects.all().delete()
