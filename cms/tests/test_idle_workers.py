"""An idle task worker costs little: it asks for work every 2 s on one kept connection and beats
twice a minute, while the dashboard still calls it stopped after WORKER_HEARTBEAT_STALE_SECONDS."""

import threading
import time

from django.db import connection, connections
from django.db.backends.signals import connection_created

import pytest

from cms import workers
from cms.management.commands import run_worker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def interval_of(*arguments):
    parser = run_worker.Command().create_parser("manage.py", "run_worker")
    return parser.parse_args(list(arguments)).interval


def test_an_idle_worker_asks_for_work_every_two_seconds_unless_told_otherwise(settings):
    settings.TASKS = DB_TASKS
    assert interval_of() == 2
    assert interval_of("--interval", "0.5") == 0.5
    settings.TASK_WORKER_POLL_SECONDS = 5
    assert interval_of() == 5


def test_processes_beat_twice_a_minute_and_three_times_within_the_stale_time(settings):
    assert settings.WORKER_HEARTBEAT_SECONDS == 30 and settings.WORKER_HEARTBEAT_STALE_SECONDS == 90
    assert workers.beat_every() == 30
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 30  # a shorter stale time makes them beat more often
    assert workers.beat_every() == 10


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_keeps_one_connection_between_polls(settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("counts PostgreSQL backend processes")
    settings.TASKS = DB_TASKS
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)  # a web process's default
    worker = run_worker.ResilientWorker(
        queue_names=["default"],
        interval=0.02,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="idle",
        excluded_queue_names=[],
    )
    polls, pids = [], []
    ask = worker.run_next_task

    def counted_ask():
        polls.append(1)
        return ask()

    def opened(sender, connection, **kwargs):
        if threading.current_thread().name == "idle-worker":
            pids.append(connection.connection.info.backend_pid)

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    monkeypatch.setattr(worker, "run_next_task", counted_ask)
    connection_created.connect(opened, weak=False, dispatch_uid="test-idle-worker-connections")
    thread = threading.Thread(target=run, name="idle-worker")
    try:
        thread.start()
        deadline = time.monotonic() + 20
        while len(polls) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.running = False
        thread.join(10)
        connection_created.disconnect(dispatch_uid="test-idle-worker-connections")
    assert len(polls) >= 20
    assert len(pids) == 1  # twenty asks, one connection (not one each)
    assert connection.settings_dict["CONN_MAX_AGE"] == 0  # the process's setting is put back
