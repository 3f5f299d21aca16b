"""Background processes that keep going when the database goes away, and say how they are.

Used by the task worker (`manage.py run_worker`) and the scheduler (`manage.py run_scheduler`);
any app's long-running code may use it too:

    beat("worker:abc123", state="running send_issue")   # at most every few seconds
    last_beat("worker:abc123")                          # a datetime, or None
    is_alive("worker:abc123")                           # beat within WORKER_HEARTBEAT_STALE_SECONDS
    wait_for_database(stop=lambda: not running)         # after an OperationalError

A heartbeat's name is "<role>:<id>". The role ("worker", "scheduler") groups processes on the
admin dashboard; the id tells processes of one role apart.
"""

import logging
import os
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# The errors that mean "the database connection is gone" (a restart, a failover,
# pg_terminate_backend, a network blip), as opposed to a bug in a query.
DATABASE_GONE = (OperationalError, InterfaceError)

_last_written = {}
_started_at = timezone.now()


def beat(name, *, state="", every=5.0):
    """Record that the process called `name` is alive; never raises.

    Writes at most once per `every` seconds per name (a busy loop may call it freely).
    While the database is down nothing can be written and the beat goes stale,
    which is what the dashboard should show.
    """
    now = time.monotonic()
    if now - _last_written.get(name, float("-inf")) < every:
        return False
    from cms.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.update_or_create(
            name=name[:120],
            defaults={
                "role": name.split(":", 1)[0][:40],
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "state": state[:255],
                "beat_at": timezone.now(),
            },
            create_defaults={
                "role": name.split(":", 1)[0][:40],
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "state": state[:255],
                "beat_at": timezone.now(),
                "started_at": _started_at,
            },
        )
    except DatabaseError as error:
        logger.warning("Could not record the heartbeat of %s: %s", name, error)
        close_broken_connections()
        return False
    _last_written[name] = now
    return True


def last_beat(name):
    """When the process called `name` last beat, or None if it never has."""
    from cms.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()


def stale_after():
    """A process that has not beaten for this long is shown as stopped."""
    return timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)


def beat_every():
    """Seconds between a process's heartbeats: WORKER_HEARTBEAT_SECONDS, at most a third of the stale time.

    Idle processes beat rarely (one write each time), yet the dashboard sees two
    missed beats in a row before it calls a process stopped.
    """
    return max(0.1, min(settings.WORKER_HEARTBEAT_SECONDS, settings.WORKER_HEARTBEAT_STALE_SECONDS / 3))


def is_alive(name, *, within=None):
    when = last_beat(name)
    return when is not None and timezone.now() - when <= (within or stale_after())


def live_names(*, role):
    """Names of the processes of this role that have beaten recently."""
    from cms.models import WorkerHeartbeat

    cutoff = timezone.now() - stale_after()
    return list(WorkerHeartbeat.objects.filter(role=role, beat_at__gte=cutoff).values_list("name", flat=True))


def forget(name):
    """A process that stops cleanly removes its heartbeat, so it is not shown as stopped."""
    from cms.models import WorkerHeartbeat

    _last_written.pop(name, None)
    try:
        WorkerHeartbeat.objects.filter(name=name).delete()
    except DatabaseError:
        close_broken_connections()


def close_broken_connections():
    """Drop every database connection of this thread; the next query opens a fresh one.

    Django does not reconnect a connection the server has closed: until it is
    closed here, every query fails with "connection already closed".
    """
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            # Closing a dead connection can fail too; forget it all the same.
            connection.connection = None


def database_is_up():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DATABASE_GONE:
        close_broken_connections()
        return False


def wait_for_database(*, who, stop=lambda: False, first_delay=0.5, longest_delay=None, sleep=time.sleep):
    """Back off (0.5 s, 1 s, 2 s ... up to WORKER_RECONNECT_MAX_SECONDS) until the database answers.

    Logs once when the wait starts and once when it ends, so an operator sees
    how long the outage lasted. Returns False if `stop()` became true first.
    """
    longest = longest_delay if longest_delay is not None else settings.WORKER_RECONNECT_MAX_SECONDS
    close_broken_connections()
    delay = first_delay
    began = time.monotonic()
    logger.warning("%s lost the database connection; reconnecting", who)
    while not stop():
        if database_is_up():
            logger.warning("%s reconnected to the database after %.1f s", who, time.monotonic() - began)
            return True
        sleep(delay)
        delay = min(delay * 2, longest)
    return False


def process_id():
    """Tells processes of one role apart: host and process number."""
    return f"{socket.gethostname()}-{os.getpid()}"


ROLE_LABELS = {"worker": gettext_lazy("Task worker"), "scheduler": gettext_lazy("Scheduler")}


def health_report(now=None):
    """What the admin dashboard shows: each role's processes, the queue and recent failures."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import task_backends
    from django_tasks_db.models import DBTaskResult

    from cms.models import WorkerHeartbeat

    now = now or timezone.now()
    stale = stale_after()
    db_backends = [alias for alias in settings.TASKS if isinstance(task_backends[alias], DatabaseBackend)]
    roles = ["worker", "scheduler"] if db_backends else ["scheduler"]
    recent = WorkerHeartbeat.objects.filter(role__in=roles, beat_at__gte=now - timedelta(days=1))
    report = {"roles": [], "uses_database_queue": bool(db_backends)}
    for role in roles:
        processes = [p for p in recent if p.role == role]
        for process in processes:
            process.is_stale = now - process.beat_at > stale
        report["roles"].append(
            {
                "role": role,
                "label": ROLE_LABELS[role],
                "processes": processes,
                "running": sum(not p.is_stale for p in processes),
                "last_beat": max((p.beat_at for p in processes), default=None),
            }
        )
    if db_backends:
        results = DBTaskResult.objects.filter(backend_name__in=db_backends)
        report["queue_length"] = results.ready().count()
        report["failed_last_day"] = results.failed().filter(finished_at__gte=now - timedelta(days=1)).count()
    report["healthy"] = all(role["running"] for role in report["roles"])
    return report
