"""What an idle task worker and an idle scheduler cost: queries, transactions, connections and CPU a minute.

Starts `manage.py run_worker` and then `manage.py run_scheduler` against DATABASE_URL (a migrated
PostgreSQL database with nothing queued), one at a time, with the settings of a server (DEBUG off,
so no autoreloader). After a warm-up it watches each for --seconds (60) and prints:

- queries/min: statements the process sent through Django (counted in the process itself);
- transactions/min and connections/min: `pg_stat_database` deltas for the database (the bench's
  own reads taken off). PostgreSQL publishes a backend's counts up to ~10 s late, so these are
  right over a minute, not to the query;
- CPU %: user + system time of the process (all its threads) from /proc, per core.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idle .venv/bin/python bench/idle_workers.py
    ... bench/idle_workers.py --seconds 30 --only run_scheduler --sql   # shorter, one process, its SQL

Nothing else should use the database while it runs (its transaction counts would be added in).
"""

import argparse
import collections
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PROCESSES = {
    "run_worker": ["run_worker", "--no-reload"],
    "run_scheduler": ["run_scheduler"],
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def child(log_path, command):
    """Run `manage.py <command>`, appending one line per statement to log_path: "<time> <SQL>"."""
    sys.path.insert(0, str(REPOSITORY))
    import django

    django.setup()
    from django.core.management import execute_from_command_line
    from django.db.backends.signals import connection_created

    log = open(log_path, "a", buffering=1)  # noqa: SIM115 - open for the life of the process

    def logged(execute, sql, params, many, context):
        log.write(f"{time.time():.3f} {' '.join(str(sql).split())[:120]}\n")
        return execute(sql, params, many, context)

    def count_queries_of(sender, connection, **kwargs):
        if logged not in connection.execute_wrappers:
            connection.execute_wrappers.append(logged)

    connection_created.connect(count_queries_of, weak=False)
    execute_from_command_line(["manage.py", *command])


def database_counts(url):
    """(transactions, sessions) of the database in url, as PostgreSQL last published them."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback, sessions FROM pg_stat_database"
            " WHERE datname = current_database()"
        ).fetchone()
    return row[0], row[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def heartbeat_seen(url, role):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM cms_workerheartbeat WHERE role = %s", [role]).fetchone()


def measure(name, url, seconds, warmup, show_sql):
    log_path = Path(tempfile.mkstemp(prefix=f"idle-{name}-", suffix=".log")[1])
    env = {
        **os.environ,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev"),
    }
    errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - read only if the process fails to start
    process = subprocess.Popen(  # noqa: S603 - this script, with fixed arguments
        [sys.executable, __file__, "--child", str(log_path), *PROCESSES[name]],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        text=True,
    )
    try:
        role = name.removeprefix("run_").replace("_", "")
        deadline = time.monotonic() + 60
        while not heartbeat_seen(url, role):
            if process.poll() is not None or time.monotonic() > deadline:
                errors.seek(0)
                raise SystemExit(f"{name} did not start: {errors.read()}")
            time.sleep(0.5)
        time.sleep(warmup)
        started, cpu_before, (xacts_before, sessions_before) = (
            time.time(),
            cpu_seconds(process.pid),
            database_counts(url),
        )
        time.sleep(seconds)
        ended, cpu_after, (xacts_after, sessions_after) = (
            time.time(),
            cpu_seconds(process.pid),
            database_counts(url),
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    statements = []
    for line in log_path.read_text().splitlines():
        when, sql = line.split(" ", 1)
        if started <= float(when) < ended:
            statements.append(sql)
    log_path.unlink()
    per_minute = 60 / (ended - started)
    row = {
        "process": name,
        "queries/min": len(statements) * per_minute,
        # The bench's first read is itself one transaction and one session, counted in the second.
        "transactions/min": (xacts_after - xacts_before - 1) * per_minute,
        "connections/min": (sessions_after - sessions_before - 1) * per_minute,
        "CPU %": 100 * (cpu_after - cpu_before) / (ended - started),
    }
    if show_sql:
        for sql, count in collections.Counter(statements).most_common(12):
            print(f"  {count:5d}  {sql}")
    return row


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="how long to watch each process (default 60)"
    )
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds to wait after it first beats (default 10)"
    )
    parser.add_argument("--only", choices=sorted(PROCESSES), help="measure one process only")
    parser.add_argument(
        "--sql", action="store_true", help="also print each process's most frequent statements"
    )
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a migrated PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/idle"
        )
    names = [options.only] if options.only else list(PROCESSES)
    print(f"Idle for {options.seconds:g} s each, after {options.warmup:g} s warm-up; {os.cpu_count()} cores")
    print(
        f"{'process':<14} {'queries/min':>12} {'transactions/min':>17} {'connections/min':>16} {'CPU %':>7}"
    )
    for name in names:
        row = measure(name, url, options.seconds, options.warmup, options.sql)
        print(
            f"{row['process']:<14} {row['queries/min']:>12.0f} {row['transactions/min']:>17.0f}"
            f" {row['connections/min']:>16.0f} {row['CPU %']:>7.2f}"
        )


if __name__ == "__main__":
    main()
