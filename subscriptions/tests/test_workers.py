"""Real concurrency and real crashes, on PostgreSQL: two workers at once, a worker killed mid-send,
and the Redis (django-tasks-rq) worker path."""

import email
import itertools
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
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
    # Paced per second as in production, but 100 a second instead of 10 (20 s of waiting for 200).
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 6_000
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


def start_worker(post_id, smtp_port, *, rate_per_minute=0):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "subscriptions.tests.worker_settings",
        "PATCHWORK_TEST_DATABASE": connection.settings_dict["NAME"],
        "PATCHWORK_TEST_SMTP_PORT": str(smtp_port),
        "PATCHWORK_TEST_SEND_RATE": str(rate_per_minute),
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "deliver_issue", str(post_id)],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def message_ids(smtp_server):
    """{address: [Message-ID of each copy received]}."""
    ids = defaultdict(list)
    for rcpts, content in list(smtp_server.messages):
        message_id = email.message_from_bytes(content)["Message-ID"]
        for rcpt in rcpts:
            ids[rcpt].append(message_id)
    return ids


def held_by(pid):
    """Addresses whose rows the worker process ``pid`` had claimed and not yet marked sent."""
    from subscriptions.models import SendingWorker

    tokens = SendingWorker.objects.filter(name=f"{socket.gethostname()}:{pid}").values("token")
    return set(
        Delivery.objects.filter(claim_token__in=tokens, status=Delivery.Status.SENDING).values_list(
            "subscriber__email", flat=True
        )
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_killed_at_random_points_miss_nobody_and_resend_only_the_message_in_flight(
    committed_newsletter, smtp_server, settings
):
    """Two worker processes send an issue to 3,000 subscribers over real SMTP; ``kill -9`` hits one of
    them four times at random points and it is restarted at once each time.

    Nobody is missed; at most the one message in flight at each kill goes out twice, and then with the
    same Message-ID (mail clients show it once); the killed worker's batch is taken over within seconds
    (its heartbeat stops), so the last copy follows the last restart closely, not after a long lease.
    """
    subscriber_count, kills = 3000, 4
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    print(f"\nKill test seed: {seed}")
    newsletter = committed_newsletter
    settings.NEWSLETTER_SEND_WORKERS = 0
    issue = add_issue(newsletter)
    make_subscribers(newsletter, subscriber_count)
    delivery.start_send(issue)
    rate = 30_000  # messages per minute: paced per second as in production, fast enough for a test

    started = time.monotonic()
    workers = [start_worker(issue.pk, smtp_server.port, rate_per_minute=rate) for _ in range(2)]
    restarts, stranded = [], []  # per kill: when it was restarted, the addresses the dead worker held
    for threshold in sorted(chance.sample(range(200, subscriber_count - 300), kills)):
        deadline = time.monotonic() + 90
        while len(smtp_server.messages) < threshold and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(chance.uniform(0, 0.05))  # anywhere in a message: before, in or after the SMTP exchange
        # A worker in the middle of a batch if there is one (a worker still starting up holds nothing).
        busy = [number for number, worker in enumerate(workers) if held_by(worker.pid)]
        victim = chance.choice(busy or range(len(workers)))
        workers[victim].kill()  # SIGKILL: no clean-up, no chance to mark anything
        workers[victim].wait(timeout=10)
        stranded.append(held_by(workers[victim].pid))
        workers[victim] = start_worker(issue.pk, smtp_server.port, rate_per_minute=rate)
        restarts.append(time.monotonic())
    for worker in workers:
        output, _ = worker.communicate(timeout=180)
        assert worker.returncode == 0, output
    finished = time.monotonic()

    ids = message_ids(smtp_server)
    duplicates = {address: copies for address, copies in ids.items() if len(copies) > 1}
    last_arrival = {}
    for (rcpts, _), arrived in zip(smtp_server.messages, smtp_server.arrived, strict=True):
        last_arrival.update(dict.fromkeys(rcpts, arrived))
    # How long the rows a killed worker held waited after its restart (they used to wait a 10-minute lease).
    held_back_delays = [
        max(last_arrival[address] for address in held) - restarted
        for held, restarted in zip(stranded, restarts, strict=True)
        if held
    ]
    last_copy_after_restart = max(smtp_server.arrived) - restarts[-1]
    arrivals = sorted(smtp_server.arrived)
    longest_pause = max(later - earlier for earlier, later in itertools.pairwise(arrivals))
    print(
        f"Kill test: {subscriber_count} subscribers, {kills} kills, {len(smtp_server.messages)} messages "
        f"received in {finished - started:.1f}s; {len(duplicates)} sent twice "
        f"({', '.join(sorted(duplicates)) or 'none'}); last copy {last_copy_after_restart:.1f}s after the "
        f"last restart; longest pause between two messages {longest_pause:.1f}s; rows held by each killed "
        f"worker: {[len(held) for held in stranded]}, all sent within "
        f"{', '.join(f'{delay:.1f}' for delay in held_back_delays)}s of its restart"
    )

    assert len(ids) == subscriber_count  # nobody missed
    assert len(duplicates) <= kills  # at most the message in flight at each kill
    for address, copies in duplicates.items():
        assert len(copies) == 2, address
        assert any(address in held for held in stranded), f"{address} was sent twice by a living worker"
        assert copies[0] == copies[1], f"{address} got two different Message-IDs: mail clients show both"
    assert all(delay <= 60 for delay in held_back_delays), held_back_delays
    assert last_copy_after_restart <= 60
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert Delivery.objects.count() == subscriber_count


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
