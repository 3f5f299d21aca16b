"""Settings for a worker or scheduler process started by a test: the test's own database.

Connections are kept open between polls (as DATABASE_CONN_MAX_AGE does on a
server), so killing them really hits the process between tasks, not only mid-task.
"""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["PATCHWORK_TEST_DATABASE"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER_RECONNECT_MAX_SECONDS = 1
