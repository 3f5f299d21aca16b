"""Send a newsletter issue to 10,000 subscribers through a local SMTP server, on PostgreSQL.

Creates a throwaway test database (test_<name>), one newsletter with two issues and
N confirmed subscribers, and starts an aiosmtpd server in its own process that
counts what it receives. Then sends issue 1 with one worker process and issue 2
with two worker processes at once, each through the real engine
(subscriptions.delivery: claim a batch with SKIP LOCKED, one SMTP connection per
batch, each row marked sent as the server accepts it). Prints messages per
second, total time, the busiest second (with --rate: the pacing, spread evenly
over each second), the final counts and any address the server saw twice.
Target: at least 100 messages per second per worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/email_sending.py
    ... bench/email_sending.py --subscribers 1000 --rate 600 --redis-url redis://127.0.0.1:6379/0  # pacing
"""

import argparse
import datetime
import functools
import multiprocessing
import os
import socket
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

print = functools.partial(print, flush=True)  # progress shows up at once, even in a log file


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_server(port, ready, pipe):
    """A local SMTP server that accepts everything and, when asked, reports who it received mail for."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class CountingHandler:
        def __init__(self):
            self.recipients = Counter()
            self.per_second = Counter()

        async def handle_DATA(self, server, session, envelope):
            self.recipients.update(envelope.rcpt_tos)
            self.per_second[int(time.time())] += 1
            return "250 Message accepted for delivery"

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        if pipe.recv() == "report":
            pipe.send((dict(handler.recipients), max(handler.per_second.values(), default=0)))
            handler.recipients.clear()
            handler.per_second.clear()
        else:
            controller.stop()
            return


def build_newsletter(subscriber_count):
    from wagtail.models import Locale, Page

    from home.models import HomePage, PlacePage
    from newsletters.models import PostPage, PublicationPage
    from subscriptions.models import Subscriber

    Locale.objects.get_or_create(language_code="en-gb")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench Town", slug="bench-town"))
    place = home.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))
    watch = place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER
        )
    )
    body = [
        {"type": "heading", "value": {"text": "Dates for your diary", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>The next meeting is on <b>Tuesday</b>. Everyone is welcome.</p>" * 4,
        },
        {
            "type": "safety_alert",
            "value": {
                "title": "Doorstep callers",
                "details": "<p>Ask for ID and phone the company to check.</p>",
                "how_to_report": "Call 101.",
                "report_link": "https://www.actionfraud.police.uk/",
            },
        },
        {
            "type": "button",
            "value": {"text": "Join the Watch", "page": None, "url": "https://example.org/join"},
        },
    ]
    issues = [
        watch.add_child(
            instance=PostPage(title=f"Issue {number}", date=datetime.date(2026, number, 1), body=body)
        )
        for number in (1, 2)
    ]
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                publication=watch,
                email=f"resident{number}@example.org",
                status=Subscriber.Status.CONFIRMED,
                consent_text="Email me each new issue.",
                consented_at=now,
                confirmed_at=now,
            )
            for number in range(subscriber_count)
        ),
        batch_size=2000,
    )
    return issues


def worker(post_id, results):
    """One worker process: its own database connection, the real engine, until nothing is left."""
    from subscriptions import delivery

    connections.close_all()
    started = time.perf_counter()
    outcome = delivery.deliver(post_id)
    results.put((outcome.sent, outcome.failed + outcome.retried, time.perf_counter() - started))
    connections.close_all()


def send_with(post, worker_count, pipe, subscriber_count):
    from subscriptions import delivery

    settings.NEWSLETTER_SEND_WORKERS = 0  # the bench starts its own worker processes
    delivery.start_send(post)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=worker, args=(post.pk, results)) for _ in range(worker_count)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    per_worker = [results.get(timeout=3600) for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started

    pipe.send("report")
    received, busiest_second = pipe.recv()
    counts = delivery.progress(post)
    sent = sum(sent for sent, _, _ in per_worker)
    print(f"\n{worker_count} worker{'s' if worker_count > 1 else ''}: {post.title}")
    print(f"  Total time: {elapsed:.2f}s, {sent / elapsed:.0f} messages/s overall")
    for number, (worker_sent, problems, seconds) in enumerate(per_worker, start=1):
        rate = worker_sent / seconds
        extra = f", {problems} failed or retried" if problems else ""
        print(f"  Worker {number}: {worker_sent} sent in {seconds:.2f}s = {rate:.0f} messages/s{extra}")
    duplicates = {address: n for address, n in received.items() if n > 1}
    limit = settings.NEWSLETTER_SEND_RATE_PER_MINUTE
    shared = "redis" in settings.CACHES["default"]["BACKEND"].lower()
    budget = (
        f" (the rate limit allows {-(-limit // 60)} a second {'shared' if shared else 'per worker'}; "
        "a message in transit at the turn of a second may count in the next)"
        if limit
        else ""
    )
    print(f"  Busiest second: {busiest_second} messages{budget}")
    print(
        f"  Final counts: {counts['sent']} sent, {counts['failed']} failed, {counts['remaining']} remaining; "
        f"the SMTP server received {sum(received.values())} messages for {len(received)} addresses, "
        f"{len(duplicates)} duplicates"
    )
    ok = counts["sent"] == subscriber_count == len(received) and not duplicates
    print("  OK" if ok else "  WRONG: every subscriber should have exactly one copy")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--rate",
        type=int,
        default=0,
        help="NEWSLETTER_SEND_RATE_PER_MINUTE for the run (default 0: no limit, to measure raw speed)",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="share the rate limit between worker processes through this Redis (as REDIS_URL does); "
        "without it each worker process keeps its own count",
    )
    args = parser.parse_args()
    if args.redis_url:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": args.redis_url}
        }
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")

    port = free_port()
    context = multiprocessing.get_context("fork")
    ready, (ours, theirs) = context.Event(), context.Pipe()
    server = context.Process(target=smtp_server, args=(port, ready, theirs), daemon=True)
    server.start()
    ready.wait(timeout=30)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = args.rate

    print(f"Creating a throwaway database and migrating (test_{connection.settings_dict['NAME']})...")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Creating {args.subscribers} confirmed subscribers; SMTP server on 127.0.0.1:{port}...")
        first, second = build_newsletter(args.subscribers)
        ok = send_with(first, 1, ours, args.subscribers)
        ok = send_with(second, 2, ours, args.subscribers) and ok
    finally:
        ours.send("stop")
        server.join(timeout=10)
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
