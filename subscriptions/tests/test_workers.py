"""Real concurrency and real crashes, on PostgreSQL: two workers at once, a worker killed mid-send,
and the Redis (django-tasks-rq) worker path."""

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection, connections

import pytest

from subscriptions import delivery
from subscriptions.models import Delivery

from .conftest import add_issue, make_subscribers

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed_newsletter(transactional_db):
    """A newsletter in real, committed rows, built from scratch.

    Transactional tests empty every table afterwards, including the root page
    and Site that Wagtail's migrations create, so they are made again here
    (serialized rollback would put them back but leaves later tests without
    content types).
    """
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage, PlacePage
    from newsletters.models import PublicationPage

    Locale.objects.get_or_create(language_code="en-gb")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Worker Town", slug="worker-town"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    place = home.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    return place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER
        )
    )


def received(smtp_server):
    return Counter(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_in_threads_never_send_the_same_row(committed_newsletter, smtp_server, settings):
    newsletter = committed_newsletter
    settings.NEWSLETTER_SEND_WORKERS = 0
    issue = add_issue(newsletter)
    make_subscribers(newsletter, 200)
    delivery.start_send(issue)
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(delivery.deliver(issue.pk, batch_size=10))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    counts = received(smtp_server)
    assert len(counts) == 200
    assert max(counts.values()) == 1
    assert sum(outcome.sent for outcome in outcomes) == 200
    assert all(outcome.sent for outcome in outcomes)  # both took part
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def start_worker(post_id, smtp_port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "subscriptions.tests.worker_settings",
        "PATCHWORK_TEST_DATABASE": connection.settings_dict["NAME"],
        "PATCHWORK_TEST_SMTP_PORT": str(smtp_port),
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "deliver_issue", str(post_id), "--batch-size", "5"],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_and_restarted_sends_nobody_a_second_copy(
    committed_newsletter, smtp_server, settings
):
    newsletter = committed_newsletter
    settings.NEWSLETTER_SEND_WORKERS = 0
    smtp_server.delay = 0.15  # slow enough to kill the worker in the middle of a batch
    issue = add_issue(newsletter)
    make_subscribers(newsletter, 30)
    delivery.start_send(issue)

    worker = start_worker(issue.pk, smtp_server.port)
    deadline = time.monotonic() + 60
    while len(smtp_server.messages) < 7 and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.kill()  # SIGKILL: no clean-up, no chance to mark anything
    worker.wait(timeout=10)
    killed_after = len(smtp_server.messages)
    assert 7 <= killed_after < 30

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses["sending"] > 0  # the batch it held is stuck under its lease

    time.sleep(2.5)  # the lease (2 s in worker_settings) runs out
    smtp_server.delay = 0
    restarted = start_worker(issue.pk, smtp_server.port)
    output, _ = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, output

    counts = received(smtp_server)
    assert len(counts) == 30  # everyone got it
    duplicates = [address for address, count in counts.items() if count > 1]
    assert len(duplicates) <= 1  # only the message in flight at the kill may repeat
    assert max(counts.values()) <= 2
    rows = list(Delivery.objects.all())
    assert len(rows) == 30
    assert {row.status for row in rows} == {"sent"}


def redis_available():
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.django_db
@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_the_rq_backend_delivers_an_issue(
    newsletter, settings, django_capture_on_commit_callbacks, mailoutbox
):
    """With TASKS on django-tasks-rq, sending enqueues jobs on Redis and an RQ worker delivers them."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    issue = add_issue(newsletter)
    make_subscribers(newsletter, 8)
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/13"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.NEWSLETTER_SEND_WORKERS = 2
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()

    with django_capture_on_commit_callbacks(execute=True):
        delivery.start_send(issue)
    assert [job.func_name for job in queue.jobs] == ["subscriptions.tasks.deliver_issue"] * 2
    assert not mailoutbox

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

    assert queue.count == 0
    assert len(mailoutbox) == 8
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert django_settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
