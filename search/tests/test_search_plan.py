"""The search statement reads the GIN indexes of Wagtail's search entries, never every entry.

At 100,000 posts a scan of every entry took a second a search (bench/search_speed.py). In a
table of ten rows PostgreSQL rightly reads every row, so the test holds 3,000 pages and their
entries, as a real site would: a rare word is then found through the GIN indexes of title and
body, and a statement they cannot answer (the words joined in from another relation, a cast on
the indexed column) scans every entry instead, and fails here.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.tests.rich_site import make_home_page
from cms.tests.shared_data import kept_for_the_module
from home.models import StandardPage
from search import engine

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.search_index]


def gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
            " AND indexdef ILIKE '%% USING gin %%'"
        )
        return {name for (name,) in cursor.fetchall()}


def search_plan(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    statement = next(q["sql"] for q in captured.captured_queries if "wagtailsearch_indexentry" in q["sql"])
    with connection.cursor() as cursor:
        # The statement's SET LOCAL outlives it in a test's transaction: explained with its own.
        cursor.execute("RESET max_parallel_workers_per_gather")
    return "\n".join(engine.explain(statement, "COSTS"))


@pytest.fixture(scope="module")
def many_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module's tests, which only read them."""
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("search-plan")):
        add_pages(make_home_page())
        yield


@pytest.fixture
def pages(many_pages, db):
    return None


def add_pages(home_page):
    """Five pages about allotments among 3,000 other pages (their entries written in bulk), so the
    planner, like on a real site, sees a rare word in a large table rather than ten rows."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from wagtail.models import Page

    # Page rows only (no StandardPage rows): the search statement reads the page table alone.
    page_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    Page.objects.bulk_create(
        [
            Page(
                title=f"Street report {n}",
                draft_title=f"Street report {n}",
                slug=f"report-{n}",
                content_type=page_type,
                path=home_page.path + Page._int2str(1000 + n).rjust(Page.steplen, "0"),
                depth=home_page.depth + 1,
                url_path=f"{home_page.url_path}report-{n}/",
                live=True,
                first_published_at=now,
                locale_id=home_page.locale_id,
                translation_key=uuid.uuid4(),
            )
            for n in range(3000)
        ],
        batch_size=1000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry"
            " (object_id, title_norm, content_type_id, autocomplete, title, body, title_text, body_text)"
            " SELECT id::text, 1, content_type_id, '', to_tsvector(title), to_tsvector(%s), title, %s"
            " FROM wagtailcore_page WHERE content_type_id = %s AND slug LIKE 'report-%%'",
            ["news from the street", "news from the street", page_type.id],
        )
    for n in range(5):
        home_page.add_child(
            instance=StandardPage(title=f"Allotment news {n}", slug=f"allotments-{n}", intro="<p>Seeds.</p>")
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute("ANALYZE wagtailcore_page")


@pytest.mark.parametrize(
    "address",
    [
        "/search/?query=allotment",
        "/search/?query=seeds+allotment",
        "/search/?query=allotment&kind=pages",
        "/search/?query=allotment&from=2020-01-01&to=2030-12-31",
    ],
)
def test_the_search_statement_reads_the_gin_indexes(client, pages, address):
    names = gin_indexes()
    assert names, "Wagtail's search entries have no GIN index"
    plan = search_plan(client, address)
    assert any(f"Bitmap Index Scan on {name}" in plan for name in names), plan
    assert "Seq Scan on wagtailsearch_indexentry" not in plan, plan


def test_a_word_nobody_wrote_reads_a_few_index_pages(client, pages):
    """New entries go straight into the GIN indexes (search/migrations/0003): with PostgreSQL's
    default pending list, every search read every entry added since the last vacuum (at 100,000
    posts ~450 pages of each index a search, for any word)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT count(*) FROM wagtailsearch_indexentry"
            " WHERE title @@ websearch_to_tsquery('zeppelin') OR body @@ websearch_to_tsquery('zeppelin')"
        )
        plan = [line for (line,) in cursor.fetchall()]
    scans = [n for n, line in enumerate(plan) if "Bitmap Index Scan on" in line]
    assert len(scans) == 2, "\n".join(plan)
    for n in scans:
        buffers = next(line for line in plan[n:] if "Buffers:" in line)
        pages_read = sum(int(part.split("=")[1]) for part in buffers.split(":")[1].split() if "=" in part)
        assert pages_read <= 4, "\n".join(plan)


def test_the_search_statement_starts_no_parallel_workers(client, pages):
    """At 100,000 posts PostgreSQL chose workers scanning every page in parallel for a place's
    few thousand (3 to 4 times as long as the path index). Here parallel plans are made as cheap
    as can be for this test's transaction, and the search statement still runs alone."""
    with connection.cursor() as cursor:
        for setting in ("parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size"):
            cursor.execute(f"SET LOCAL {setting} = 0")
        cursor.execute("EXPLAIN SELECT count(*) FROM wagtailcore_page WHERE title LIKE '%street%'")
        assert "Gather" in "\n".join(line for (line,) in cursor.fetchall())  # as any other statement would
    plan = search_plan(client, "/search/?query=street")
    assert "Gather" not in plan, plan


def test_the_words_become_a_tsquery_once_while_planning(client, pages):
    """Parsed and stemmed by the planner, not again for every entry checked and ranked (with the
    session's default configuration the function is only stable: 30-70 ms a search at 100,000 posts)."""
    plan = search_plan(client, "/search/?query=street+news")
    assert "websearch_to_tsquery" not in plan, plan
    assert "'''street'' & ''news'''::tsquery" in plan, plan
