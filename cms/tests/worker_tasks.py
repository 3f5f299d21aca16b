"""Tasks for the worker tests: each leaves one row behind, and fails if it ever runs twice."""

import time

from django_tasks import task


@task()
def record_run(key, pause=0.0):
    """Hold a database connection for `pause` seconds, then record `key` (a second run would fail)."""
    from django.contrib.auth.models import Group

    Group.objects.filter(name=key).exists()  # the connection is open from here on
    time.sleep(pause)
    Group.objects.create(name=key)  # unique: a second run raises IntegrityError
