"""Queries per public page with 10 and with 100 items below it, on a town full of pictures.

Builds the same town as the query-ceiling tests (cms/tests/rich_site.py: every post
with its own lead picture, logos, room photos, an Urdu translation) once per size
in a throwaway test database, visits every page once with an empty cache (drawing its
renditions), then prints the queries of a second, anonymous visit for each size side by
side. The two columns should be equal; cms/tests/test_query_ceilings.py holds the ceilings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/queries .venv/bin/python bench/page_queries.py
    ... bench/page_queries.py --sql place     # also print the SQL of the pages named "place..."
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hundred_thousand_posts import throwaway_database  # noqa: E402

SIZES = (10, 100)


def count_queries(count):
    """{page name: (queries, [SQL])} for a town with ``count`` items, built and rolled back."""
    from cms.tests.rich_site import build_rich_site

    results = {}
    with transaction.atomic():
        print(f"Building the town with {count} items...", flush=True)
        site = build_rich_site(count)
        client = Client()
        for name, url in site.urls.items():
            cache.clear()  # as each ceiling test starts: only the first visit fills the cache
            assert client.get(url).status_code == 200, url  # draws renditions once
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            results[name] = (len(captured), [query["sql"] for query in captured.captured_queries])
        transaction.set_rollback(True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sql", metavar="NAME", help="print the SQL of pages whose name starts with NAME")
    args = parser.parse_args()
    with throwaway_database():
        by_size = {size: count_queries(size) for size in SIZES}
    print(f"\n{'page':<24}" + "".join(f"{f'{size} items':>11}" for size in SIZES))
    for name in by_size[SIZES[0]]:
        print(f"{name:<24}" + "".join(f"{by_size[size][name][0]:>11}" for size in SIZES))
    if args.sql:
        for name, (queries, sql) in by_size[SIZES[-1]].items():
            if name.startswith(args.sql):
                print(f"\n{name} ({queries} queries with {SIZES[-1]} items)")
                for statement in sql:
                    print("   ", statement)
    return 0


if __name__ == "__main__":
    sys.exit(main())
