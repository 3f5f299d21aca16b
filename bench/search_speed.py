"""Search times at 100,000 posts on PostgreSQL, and whether the query plan uses the GIN index.

Builds the town of ``bench/hundred_thousand_posts.py`` (its own functions: 200 publications,
50 places, bulk-inserted posts) in a throwaway database (``test_`` + the name in DATABASE_URL,
dropped at the end), puts the posts into Wagtail's search index with the backend's own indexer
(timed, with progress), then runs 50 varied searches through the search page (common and rare
words, two words, filters by kind, place, publication and date, in English and Urdu), each
``--runs`` times, and prints p50/p95 and the queries per search. Last, ``EXPLAIN (ANALYZE)``
of the search statement for a common word, and whether it reads a GIN index of the search
entries (a Bitmap Index Scan on it) rather than scanning every entry.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search_speed.py
    ... bench/search_speed.py --posts 10000 --runs 3     # a quicker, smaller run
    ... bench/search_speed.py --keep     # keep the database (and its index); the next --keep run reuses it
"""

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import hundred_thousand_posts as builder


def searches(site):
    """(label, address) of 50 searches a resident might make."""
    from home.models import PlacePage
    from newsletters.models import PublicationPage

    streets = list(PlacePage.objects.child_of(site.place).order_by("path")[:5])
    publications = list(PublicationPage.objects.order_by("path")[:5])
    plain = [
        # common: in every post, or in thousands
        "post",
        "happened",
        "street news",
        "part",
        "news",
        # rare: one post, one page or a handful
        "4711",
        "99999",
        "kingstanding",
        "allotment",
        "social media surgery",
        "hall",
        "centre",
        "about",
        "issue",
        "week",
        # two words
        "post 123",
        "happened part",
        "street 7",
        "news 42",
        "kingstanding watch",
        # nothing at all
        "zeppelin",
        "xylophone quartet",
    ]
    addresses = [(f"'{q}'", "/search/?" + urlencode({"query": q})) for q in plain]
    filtered = [
        ("post", {"kind": "news"}),
        ("post", {"kind": "pages"}),
        ("kingstanding", {"kind": "centres"}),
        ("surgery", {"kind": "surgeries"}),
        ("happened", {"kind": "news", "from": "2010-01-01", "to": "2010-12-31"}),
        ("post", {"from": "2020-06-01"}),
        ("part", {"to": "2005-03-01"}),
        ("news", {"place": site.place.pk}),
        ("post 5", {"place": site.place.pk, "kind": "news"}),
        ("part 12", {"publication": site.publication.pk}),
    ]
    filtered += [("post", {"place": street.pk}) for street in streets[:4]]
    filtered += [("happened", {"publication": publication.pk}) for publication in publications[:4]]
    for query, params in filtered:
        label = f"'{query}' " + " ".join(f"{key}={value}" for key, value in params.items())
        addresses.append((label, "/search/?" + urlencode({"query": query, **params})))
    urdu = ["کنگ اسٹینڈنگ", "کنگ", "اسٹینڈنگ", "خبریں", "post", "kingstanding", "happened", "allotment"]
    addresses += [(f"ur '{q}'", "/ur/search/?" + urlencode({"query": q})) for q in urdu]
    addresses.append(("ur 'کنگ' kind=pages", "/ur/search/?" + urlencode({"query": "کنگ", "kind": "pages"})))
    addresses.append(("ur 'post' from", "/ur/search/?" + urlencode({"query": "post", "from": "2015-01-01"})))
    assert len(addresses) == 50, len(addresses)
    return addresses


def time_searches(addresses, runs):
    client = Client()
    rows = []
    for label, address in addresses:
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        connection.queries_log.clear()  # a full log (9,000 from the build) would count nothing
        with CaptureQueriesContext(connection) as captured:
            client.get(address)
        # Read now: the list is a slice of connection.queries, which the next request empties.
        queries = len(captured)
        statement = next(q["sql"] for q in captured.captured_queries if "indexentry" in q["sql"])
        times, statement_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(address)
            times.append((time.perf_counter() - started) * 1000)
            statement_times.append(statement_ms(statement))
        total = response.context["outcome"].total if response.context.get("outcome") else 0
        rows.append((label, statistics.median(times), statistics.median(statement_times), queries, total))
    return rows


def statement_ms(statement):
    """The search statement's own time in PostgreSQL (EXPLAIN ANALYZE's execution time): on a
    busy machine the request's time is mostly waiting for a core, this much less so."""
    from search import engine

    lines = engine.explain(statement, "ANALYZE, TIMING OFF")  # with the setting the page sends it with
    return sum(float(line.split()[-2]) for line in lines if line.startswith(("Planning", "Execution")))


def gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
            " AND indexdef ILIKE '%% USING gin %%'"
        )
        return [name for (name,) in cursor.fetchall()]


def explain(address):
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        Client().get(address)
    statement = next(q["sql"] for q in captured.captured_queries if "wagtailsearch_indexentry" in q["sql"])
    from search import engine

    return engine.explain(statement)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help=builder.KEEP_HELP)
    args = parser.parse_args()
    with builder.throwaway_database(keep=args.keep):
        site = builder.town(args.posts, args.keep)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
            entries = cursor.fetchone()[0]
        if entries < args.posts:
            started = time.perf_counter()

            def progress(done, total):
                if done % 10_000 == 0 or done == total:
                    print(f"  indexed {done:,} of {total:,} posts", flush=True)

            indexed = builder.index_posts(progress=progress)
            seconds = time.perf_counter() - started
            print(f"Search index filled: {indexed:,} posts in {seconds:.0f} s ({indexed / seconds:,.0f}/s)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
            print(f"{cursor.fetchone()[0]:,} search entries\n", flush=True)
        cache.clear()

        addresses = searches(site)
        rows = time_searches(addresses, args.runs)
        print(f"{'search':<44}{'median ms':>10}{'SQL ms':>8}{'queries':>9}{'results':>9}")
        for label, median, sql, queries, total in rows:
            print(f"{label[:43]:<44}{median:>10.1f}{sql:>8.1f}{queries:>9}{total:>9,}")
        counts = sorted({row[3] for row in rows})
        for name, column in (("page", 1), ("search statement", 2)):
            times = sorted(row[column] for row in rows)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{len(rows)} searches, {name}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
                f"max {times[-1]:.1f} ms"
            )
        print(f"queries per search {counts[0]}-{counts[-1]}\n")

        names = gin_indexes()
        examples = [
            "/search/?query=hall",
            "/search/?query=post",
            "/ur/search/?" + urlencode({"query": "کنگ"}),
        ]
        for address in examples:
            plan = explain(address)
            print(f"EXPLAIN (ANALYZE) of the search statement for {address}:")
            print("\n".join("  " + line for line in plan))
            used = sorted({name for name in names for line in plan if f"Bitmap Index Scan on {name}" in line})
            scanned = any("Seq Scan on wagtailsearch_indexentry" in line for line in plan)
            print(
                f"GIN index used: {'yes (' + ', '.join(used) + ')' if used else 'NO'}; "
                f"full scan of the search entries: {'YES' if scanned else 'no'}\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
