"""Delete finished background-task results after TASK_RESULTS_KEEP_DAYS (run by run_scheduler).

A task's stored arguments can name people (an email address, a booking), so a
finished result is not kept for ever. Also forgets heartbeats of processes that
stopped more than a day ago, so the dashboard lists only recent ones.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_backends
from django_tasks_db.models import DBTaskResult

from cms.models import WorkerHeartbeat


class Command(BaseCommand):
    help = (
        "Delete background-task results that finished (successfully or not) more than "
        "TASK_RESULTS_KEEP_DAYS days ago (default 7)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days instead of TASK_RESULTS_KEEP_DAYS."
        )

    def handle(self, *args, days=None, **options):
        keep_days = settings.TASK_RESULTS_KEEP_DAYS if days is None else days
        if keep_days < 0:
            self.stderr.write(f"--days must be 0 or more, not {keep_days}.")
            return
        backends = [alias for alias in settings.TASKS if isinstance(task_backends[alias], DatabaseBackend)]
        cutoff = timezone.now() - timedelta(days=keep_days)
        deleted, _ = (
            DBTaskResult.objects.finished().filter(backend_name__in=backends, finished_at__lt=cutoff).delete()
        )
        forgotten, _ = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
        self.stdout.write(
            f"Deleted {deleted} task result(s) finished more than {keep_days} day(s) ago"
            f" and {forgotten} old heartbeat(s)."
        )
