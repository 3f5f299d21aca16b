"""The dashboard's "Background work" panel: a stopped worker is seen, by the people who can act on it."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms import workers
from cms.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def heartbeat(name, seconds_ago, state=""):
    when = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        name=name, role=name.split(":")[0], host="web1", pid=42, state=state, started_at=when, beat_at=when
    )


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


@pytest.fixture
def editor(django_user_model):
    """Someone with admin access who is neither staff nor an organiser (a newcomer, say)."""
    user = django_user_model.objects.create_user("newcomer", "n@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.django_db
def test_a_fresh_worker_and_scheduler_show_as_running(client, admin_user, db_tasks):
    heartbeat("worker:abc", 3, state="idle")
    heartbeat("scheduler:web1-7", 4)
    page = dashboard(client, admin_user)
    assert "Background work" in page
    assert "Task worker on web1" in page
    assert "Running: idle" in page
    assert "Something has stopped" not in page


@pytest.mark.django_db
def test_a_stale_worker_is_shown_as_stopped_with_a_warning(client, admin_user, db_tasks, settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 90
    heartbeat("worker:abc", 600)
    heartbeat("scheduler:web1-7", 4)
    page = dashboard(client, admin_user)
    assert "Something has stopped" in page
    assert "<strong>Stopped</strong>" in page
    assert "10\xa0minutes ago" in page


@pytest.mark.django_db
def test_no_worker_at_all_is_a_warning(client, admin_user, db_tasks):
    heartbeat("scheduler:web1-7", 4)
    page = dashboard(client, admin_user)
    assert "Something has stopped" in page
    assert "Not running" in page


@pytest.mark.django_db
def test_the_panel_counts_waiting_and_recently_failed_tasks(client, admin_user, db_tasks):
    heartbeat("worker:abc", 1)
    heartbeat("scheduler:web1-7", 1)
    now = timezone.now()
    common = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x.y", "backend_name": "default"}
    for _ in range(3):
        DBTaskResult.objects.create(status="READY", run_after=now - timedelta(seconds=1), **common)
    DBTaskResult.objects.create(status="FAILED", run_after=now, finished_at=now, **common)
    DBTaskResult.objects.create(status="FAILED", run_after=now, finished_at=now - timedelta(days=2), **common)
    report = workers.health_report()
    assert report["queue_length"] == 3
    assert report["failed_last_day"] == 1
    page = dashboard(client, admin_user)
    assert "Tasks waiting to run: <strong>3</strong>" in page
    assert "Tasks that failed in the last day: <strong>1</strong>" in page


@pytest.mark.django_db
def test_newcomers_do_not_see_the_panel(client, editor, db_tasks):
    heartbeat("worker:abc", 600)
    page = dashboard(client, editor)
    assert "Background work" not in page


@pytest.mark.django_db
def test_staff_see_the_panel(client, editor, db_tasks):
    editor.is_staff = True
    editor.save()
    assert "Background work" in dashboard(client, editor)


@pytest.mark.django_db
def test_beat_records_and_reads_back_a_heartbeat():
    assert workers.last_beat("worker:new") is None
    assert workers.beat("worker:new", state="idle", every=0)
    assert workers.is_alive("worker:new")
    assert not workers.beat("worker:new", every=60)  # too soon: no write
    workers.forget("worker:new")
    assert workers.last_beat("worker:new") is None
