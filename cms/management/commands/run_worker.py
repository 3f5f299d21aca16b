"""The task worker: django-tasks-db's `db_worker`, made to outlive database restarts.

`db_worker` exits on the first OperationalError, so a PostgreSQL restart stops
booking confirmations, sends and search indexing until someone notices. This
worker closes the broken connection, waits for the database with a growing
pause, and carries on. A task whose connection died under it is put back in
the queue and run again once the database answers (tasks are idempotent);
a finished task's result is recorded once the database is back, never lost.
It also beats a heartbeat (see cms.workers) that the admin dashboard shows.

The command is db_worker's own, with this worker in place of its ``Worker``, so
its options and their checks are upstream's.
"""

import contextlib
import logging
import random
import threading
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone

from django_tasks_db.compat import (
    TaskContext,
    TaskResultStatus,
    task_finished,
    task_started,
)
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from cms import workers

logger = logging.getLogger("cms.workers")

# A task that loses its database connection this many times is marked failed
# instead of being queued again (it may be what breaks the connection).
MAX_ATTEMPTS = 5
# Seconds between heartbeats, also while a long task runs (None: WORKER_HEARTBEAT_SECONDS,
# see cms.workers.beat_every).
BEAT_EVERY = None
# How often the worker looks for tasks abandoned by a worker that died.
RECOVER_EVERY = 60.0


class ResilientWorker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat_name = f"worker:{self.worker_id}"
        self.state = "starting"
        self._stop_beating = threading.Event()
        self._last_recovery = float("-inf")

    # --- heartbeat -------------------------------------------------------------

    def _beat_in_background(self):
        """Beats from its own thread (and connection), so a long task does not look like a dead worker.

        The thread keeps its one connection between beats; ``workers.beat`` drops it
        when the database has gone, and the next beat opens a fresh one.
        """
        try:
            every = BEAT_EVERY if BEAT_EVERY is not None else workers.beat_every()
            while not self._stop_beating.wait(every):
                workers.beat(self.heartbeat_name, state=self.state, every=0)
        finally:
            workers.close_broken_connections()  # this thread's connection only

    def start_beating(self):
        workers.beat(self.heartbeat_name, state=self.state, every=0)
        threading.Thread(target=self._beat_in_background, name="heartbeat", daemon=True).start()

    def stop_beating(self):
        self._stop_beating.set()
        workers.forget(self.heartbeat_name)

    # --- the loop --------------------------------------------------------------

    def run(self):
        logger.info(
            "Task worker %s started (queues: %s; looks for work every %g s when idle)",
            self.worker_id,
            ",".join(self.queue_names),
            self.interval,
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - workers started together do not poll in step
        with connections_kept_open_while_idle():
            self.start_beating()
            try:
                self._loop()
            finally:
                self.stop_beating()

    def _loop(self):
        while self.running:
            try:
                self.recover_abandoned_tasks()
                outcome = self.run_next_task()
            except workers.DATABASE_GONE:
                self.state = f"waiting for the database since {timezone.now():%H:%M:%S}"
                if not workers.wait_for_database(who="Task worker", stop=lambda: not self.running):
                    return
                continue
            if self.batch and outcome is None:
                logger.info("No more tasks for worker %s; stopping.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Worker %s ran its %d tasks; stopping.", self.worker_id, self._run_tasks)
                return
            if self.running and not outcome:
                self.state = "idle"
                time.sleep(self.interval)

    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def run_next_task(self):
        """Claim and run one task: True if one ran, None if none was ready, False if the queue was locked."""
        close_old_connections()
        tasks = self.ready_tasks()
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):  # SQLite busy: try again shortly
                    raise
                return False
        if task_result is None:
            return None
        self.run_task(task_result)
        close_old_connections()
        return True

    # --- one task --------------------------------------------------------------

    def run_task(self, db_task_result):
        self.running_task = True
        self.state = f"running {db_task_result.task_path}"
        try:
            self._run_and_record(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run_and_record(self, db_task_result):
        try:
            task = db_task_result.task
            sender = type(task.get_backend())
            task_result = db_task_result.task_result
            task_started.send(sender=sender, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except workers.DATABASE_GONE as error:
            if len(db_task_result.worker_ids) < MAX_ATTEMPTS:
                logger.warning(
                    "Task %s (%s) lost its database connection; it will run again: %s",
                    db_task_result.id,
                    db_task_result.task_path,
                    error,
                )
                self.record(lambda: self.requeue(db_task_result))
                return
            self.record_failure(db_task_result, error)
            return
        except BaseException as error:  # the task's own failure: recorded, as db_worker does
            self.record_failure(db_task_result, error)
            return
        try:
            self.record(lambda: db_task_result.set_successful(value))
        except BaseException as error:  # e.g. a return value that cannot be stored as JSON
            self.record_failure(db_task_result, error)
            return
        task_finished.send(sender=sender, task_result=db_task_result.task_result)

    def record_failure(self, db_task_result, error):
        self.record(lambda: db_task_result.set_failed(error))
        try:
            task_finished.send(
                sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result
            )
        except (ImportError, SuspiciousOperation):  # its code is gone, or its path is not a task's
            logger.exception("Task %s failed and its code cannot be loaded", db_task_result.id)

    def record(self, write):
        """Write a task's outcome, waiting for the database as long as it takes (or until shut down)."""
        while True:
            try:
                return write()
            except workers.DATABASE_GONE:
                self.state = f"waiting for the database since {timezone.now():%H:%M:%S}"
                if not workers.wait_for_database(who="Task worker", stop=lambda: not self.running):
                    logger.error("Stopped before the database came back; a task stays marked running.")
                    return None

    @staticmethod
    def requeue(db_task_result):
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )

    def recover_abandoned_tasks(self):
        """Put back tasks left "running" by a worker that died (killed, machine lost) so they run again."""
        now = time.monotonic()
        if now - self._last_recovery < RECOVER_EVERY:
            return
        self._last_recovery = now
        stale = workers.stale_after()
        cutoff = timezone.now() - stale
        alive = set(workers.live_names(role="worker"))  # beating workers keep their tasks
        for result in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, backend_name=self.backend_name, started_at__lt=cutoff
        ).only("id", "worker_ids", "task_path"):
            owner = result.worker_ids[-1] if result.worker_ids else ""
            if f"worker:{owner}" in alive or owner == self.worker_id:
                continue
            self.requeue(result)
            logger.warning(
                "Task %s (%s) was left running by worker %s, which has stopped; queued again.",
                result.id,
                result.task_path,
                owner,
            )


@contextlib.contextmanager
def connections_kept_open_while_idle():
    """An idle worker asks for work every few seconds: it keeps one connection for that.

    With CONN_MAX_AGE 0 (a web process's default) each ask would open a new connection,
    which costs PostgreSQL a new backend process every few seconds. A connection the
    server has dropped is still noticed (CONN_HEALTH_CHECKS) and replaced.
    """
    changed = [connections[alias].settings_dict for alias in connections]
    changed = [settings_dict for settings_dict in changed if settings_dict.get("CONN_MAX_AGE") == 0]
    for settings_dict in changed:
        settings_dict["CONN_MAX_AGE"] = None
    try:
        yield
    finally:
        for settings_dict in changed:
            settings_dict["CONN_MAX_AGE"] = 0


class Command(db_worker.Command):
    help = (
        "Run background tasks (emails, search indexing, sends) from the database queue. Survives "
        "database restarts and shows its health on the admin dashboard. Use this instead of db_worker."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Upstream asks every second; TASK_WORKER_POLL_SECONDS (2) halves an idle worker's queries.
        parser.set_defaults(interval=settings.TASK_WORKER_POLL_SECONDS)

    def handle(self, *args, verbosity, **options):
        if verbosity:
            logging.getLogger("cms.workers").setLevel(logging.INFO)
        with upstream_worker_replaced_by(ResilientWorker):
            super().handle(*args, verbosity=verbosity, **options)


@contextlib.contextmanager
def upstream_worker_replaced_by(worker_class):
    """db_worker's ``handle`` builds its own ``Worker``: it builds ours while this lasts."""
    upstream = db_worker.Worker
    db_worker.Worker = worker_class
    try:
        yield
    finally:
        db_worker.Worker = upstream
