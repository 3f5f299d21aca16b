"""The search itself: one PostgreSQL query for a page of results, their count and the filter counts.

Wagtail keeps its search index (``wagtailsearch_indexentry``: a title and a body tsvector
with GIN indexes, and the plain text) up to date on publish. Its own query scans every
entry joined on ``object_id = id::varchar`` and runs twice (results, then count). Here the
index is read from the matching entries outwards (``title @@ q OR body @@ q``, a bitmap of
the two GIN indexes), each entry finds its page by primary key, and the page of results,
the total, the counts by kind, place and publication and the highlighted snippets come
back from one statement. On SQLite (``make run``) Wagtail's own search does the matching
and the rest is done in Python: fine for a demo town.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page, PageViewRestriction

from cms.visibility import request_restrictions

from . import kinds

OPEN, CLOSE = "\u27e6", "\u27e7"  # never shown: stripped from the text before highlighting
# Written out where entries are matched, not read from a CTE: a value the planner knows before it
# runs can be looked up in the GIN indexes of title and body; one from another relation cannot.
# With its text search configuration named the function is immutable, so PostgreSQL makes the
# tsquery once while planning; with the session's default (a stable function) it parsed and
# stemmed the words again for every entry it checked, four times each: 30-70 ms for two words in
# every post at 100,000 posts, 2-3 ms now.
TSQUERY = "websearch_to_tsquery(%(config)s::regconfig, %(q)s)"
# Matches counted, ranked and counted by place and publication at most; past it the page says
# "more than CAP results" and offers every place and publication without counts. A word in
# thousands of posts would otherwise be ranked and counted in all of them on every search.
CAP = 1000
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0"


@dataclass
class Filters:
    kinds: list = field(default_factory=list)
    place: Page | None = None
    publication: Page | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class Result:
    id: int
    title: str
    url: str
    kind: str
    day: date | None
    place_title: str | None
    snippet: str

    @property
    def kind_label(self):
        return kinds.KINDS[self.kind]


@dataclass
class Outcome:
    results: list
    total: int
    kind_counts: dict
    place_counts: list  # (place id, title, count), most results first; count None when `more`
    publication_counts: list
    more: bool = False  # more than `total` (CAP) results: counted no further


def highlight(text):
    """The snippet as HTML: the page's words escaped, the matched ones in <mark>."""
    escaped = escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - built from escaped text and our own tags only


_text_search_config = {}


def text_search_config():
    """The text search configuration Wagtail's entries are written with: its backend's
    ``SEARCH_CONFIG``, else the database's default (read once per process)."""
    from django.conf import settings

    configured = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("SEARCH_CONFIG")
    if configured:
        return configured
    if connection.alias not in _text_search_config:
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_text_search_config")
            _text_search_config[connection.alias] = cursor.fetchone()[0]
    return _text_search_config[connection.alias]


def private_prefixes():
    restrictions = request_restrictions()
    if restrictions is None:
        restrictions = PageViewRestriction.objects.select_related("page")
    return [restriction.page.path + "%" for restriction in restrictions]


def _date_sql():
    """The date readers know each page by: its type's own date field, else when it was first published.

    One lookup by primary key per named date field, in a sub-select, so that a page reads only
    the tables it could be in (no join, which the planner may answer with a scan per candidate)."""
    values = []
    for number, (table, column, is_datetime) in enumerate(kinds.date_columns()):
        alias = f"d{number}"
        value = f"{alias}.{connection.ops.quote_name(column)}"
        if is_datetime:
            value = f"({value} AT TIME ZONE %(time_zone)s)::date"
        table = connection.ops.quote_name(table)
        values.append(f"(SELECT {value} FROM {table} {alias} WHERE {alias}.page_ptr_id = p.id)")  # noqa: S608
    values.append("(p.first_published_at AT TIME ZONE %(time_zone)s)::date")
    return f"COALESCE({', '.join(values)})"


def matching_pages(conditions, dated=False, type_ids=None):
    """The first CAP + 1 pages (with their search entry) that match the words and ``conditions``.

    No order, so PostgreSQL stops at CAP + 1 however many entries hold a common word, and can
    read either side first: the entries from the GIN indexes of title and body (a rare word), or
    the pages from their path, language or date (a narrow filter), then the other by its key
    (the page's primary key, or the entries' index on the page id, search/migrations/0002).
    With ``dated``, one part per table holding a page type's own date, compared on its column
    (which its index can answer), and one for the other pages by when they were first published;
    only the parts that can hold the content types ``type_ids`` (the kinds chosen or not), if given.
    """
    select = f"""
        SELECT p.id, p.path, p.depth, p.title, p.url_path, p.content_type_id, e.id AS entry_id,
               ts_rank(e.title, {TSQUERY}) * e.title_norm * 2 + ts_rank(e.body, {TSQUERY}) AS rank
        FROM wagtailsearch_indexentry e
        JOIN wagtailcore_page p
          ON p.id = (CASE WHEN e.object_id ~ '^[0-9]+$' THEN e.object_id::integer END)"""  # noqa: S608
    where = f"""
        WHERE (e.title @@ {TSQUERY} OR e.body @@ {TSQUERY})
          AND e.content_type_id = ANY(%(page_types)s)
          AND p.live AND p.locale_id = %(locale)s AND p.path LIKE %(root)s
          AND NOT (p.path LIKE ANY(%(private)s)){conditions}"""
    if not dated:
        return f"{select} {where} LIMIT %(cap)s + 1"
    parts = []
    for table, column, is_datetime in sorted(set(kinds.date_columns(type_ids))):
        column = f"d.{connection.ops.quote_name(column)}"
        parts.append(
            f"{select} JOIN {connection.ops.quote_name(table)} d ON d.page_ptr_id = p.id {where}"
            + _in_range(column, is_datetime)
        )
    undated = [type_id for type_id, model in kinds.page_types() if not kinds.date_field(model)]
    if type_ids is None or set(type_ids) & set(undated):
        parts.append(
            f"{select} {where} AND e.content_type_id = ANY(%(undated_types)s)"
            + _in_range("p.first_published_at", True)
        )
    if len(parts) < 2:
        return f"{parts[0] if parts else select + ' WHERE false'} LIMIT %(cap)s + 1"
    return " UNION ALL ".join(f"({part} LIMIT %(cap)s + 1)" for part in parts) + " LIMIT %(cap)s + 1"


def _in_range(column, is_datetime):
    """Conditions on ``column`` itself for the chosen dates (a time within those local days)."""
    sql = ""
    if is_datetime:
        sql += f" AND {column} >= %(first_moment)s AND {column} < %(after_last_moment)s"
    else:
        sql += f" AND {column} >= %(date_from)s AND {column} <= %(date_to)s"
    return sql


def postgres_search(query, root, filters, offset, limit):
    from django.conf import settings

    day = _date_sql()
    params = {
        "q": query,
        "config": text_search_config(),
        "time_zone": settings.TIME_ZONE,
        # Each page's entry as its own type; Wagtail may also keep one as a plain Page.
        "page_types": [type_id for type_id, model in kinds.page_types() if model is not Page],
        "locale": root.locale_id,
        "root": root.path + "%",
        "private": private_prefixes(),
        "places": kinds.place_content_types(),
        "publications": kinds.publication_content_types(),
        "place_child_length": len((filters.place or root).path) + Page.steplen,
        "scope": (filters.publication or filters.place or root).path + "%",
        "cap": CAP,
        "offset": offset,
        "limit": max(0, min(limit, CAP - offset)),  # never a result past the first CAP
    }
    conditions = []
    if filters.place:
        conditions.append("p.path LIKE %(place)s")
        params["place"] = filters.place.path + "%"
    if filters.publication:
        conditions.append("p.path LIKE %(publication)s")
        params["publication"] = filters.publication.path + "%"
    dated = bool(filters.date_from or filters.date_to)
    if dated:
        # An open end is the first or last day there is, so each part has one range to look up.
        zone = ZoneInfo(settings.TIME_ZONE)
        params["date_from"] = filters.date_from or date.min
        params["date_to"] = filters.date_to or date.max
        params["first_moment"] = datetime.combine(params["date_from"], time(), zone)
        after = params["date_to"] + timedelta(days=1) if params["date_to"] < date.max else date.max
        params["after_last_moment"] = datetime.combine(after, time(), zone)
        params["undated_types"] = [t for t, model in kinds.page_types() if not kinds.date_field(model)]
    extra = "".join(f" AND {condition}" for condition in conditions)
    # The kinds chosen are matched first. The other kinds are matched only for their counts in
    # the kind menu, which are left out past CAP: not at all once the chosen ones pass it.
    chosen, others = matching_pages(extra, dated), ""
    matches = "SELECT content_type_id FROM chosen"
    if filters.kinds:
        params["kinds"] = [t for kind in filters.kinds for t in kinds.content_types_of_kind(kind)]
        other_kinds = [type_id for type_id, _model in kinds.page_types() if type_id not in params["kinds"]]
        chosen = matching_pages(extra + " AND e.content_type_id = ANY(%(kinds)s)", dated, params["kinds"])
        others = matching_pages(extra + " AND NOT (e.content_type_id = ANY(%(kinds)s))", dated, other_kinds)
        others = f"others AS MATERIALIZED (SELECT * FROM ({others}) o WHERE NOT (SELECT more FROM capped)),"  # noqa: S608
        matches += " UNION ALL SELECT content_type_id FROM others"
    # Only table and column names from the page models and fixed fragments are put into the text;
    # every value from the reader is a parameter.
    sql = f"""
    WITH query AS (SELECT {TSQUERY} AS q),
    chosen AS MATERIALIZED ({chosen}),
    capped AS MATERIALIZED (SELECT count(*) > %(cap)s AS more FROM chosen),
    {others}
    matches AS ({matches}),
    top AS (SELECT * FROM chosen ORDER BY rank DESC, id DESC OFFSET %(offset)s LIMIT %(limit)s)
    SELECT 'result', top.id, top.title, top.url_path, top.content_type_id, {day}, place.title,
           ts_headline(%(config)s::regconfig, translate(e.body_text, '{OPEN}{CLOSE}', ''), query.q,
                       'StartSel={OPEN}, StopSel={CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2'),
           top.rank::float8
    FROM top
    CROSS JOIN query
    JOIN wagtailsearch_indexentry e ON e.id = top.entry_id
    JOIN wagtailcore_page p ON p.id = top.id
    LEFT JOIN LATERAL (
        SELECT a.title FROM wagtailcore_page a
        WHERE a.path IN (SELECT substr(top.path, 1, {Page.steplen} * n)
                         FROM generate_series(1, top.depth - 1) n)
          AND a.content_type_id = ANY(%(places)s)
        ORDER BY a.depth DESC LIMIT 1
    ) place ON true
    UNION ALL
    SELECT 'total', NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM chosen
    UNION ALL
    SELECT 'matched', NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM matches
    UNION ALL
    SELECT 'kind', NULL, NULL, NULL, content_type_id, NULL, NULL, NULL, count(*)
    FROM matches GROUP BY content_type_id
    UNION ALL
    SELECT 'place', a.id, a.title, NULL, NULL, NULL, NULL, NULL, count(*)
    FROM chosen c JOIN wagtailcore_page a ON a.path = substr(c.path, 1, %(place_child_length)s)
    WHERE a.content_type_id = ANY(%(places)s) AND NOT (SELECT more FROM capped)
    GROUP BY a.id, a.title
    UNION ALL
    SELECT 'publication', a.id, a.title, NULL, NULL, NULL, NULL, NULL, count(*)
    FROM chosen c JOIN wagtailcore_page a ON a.path = substr(c.path, 1, length(c.path) - {Page.steplen})
    WHERE a.content_type_id = ANY(%(publications)s) AND NOT (SELECT more FROM capped)
    GROUP BY a.id, a.title
    UNION ALL
    SELECT CASE WHEN a.content_type_id = ANY(%(places)s) THEN 'place' ELSE 'publication' END,
           a.id, a.title, NULL, NULL, NULL, NULL, NULL, NULL
    FROM wagtailcore_page a
    WHERE (SELECT more FROM capped) AND a.path LIKE %(scope)s AND a.live AND a.locale_id = %(locale)s
      AND NOT (a.path LIKE ANY(%(private)s))
      AND ((a.content_type_id = ANY(%(places)s) AND length(a.path) = %(place_child_length)s)
           OR a.content_type_id = ANY(%(publications)s))
    """  # noqa: S608
    with connection.cursor() as cursor:
        # At most CAP + 1 matches are read: workers scanning the whole page table in parallel for a
        # place's few thousand pages (PostgreSQL's choice at 100,000 posts) took 3 to 4 times as
        # long as reading them through the path index, more on a busy machine. Sent with the
        # statement, the setting holds for it alone (one implicit transaction).
        cursor.execute(f"{SERIAL}; {sql}", params)
        cursor.nextset()
        rows = cursor.fetchall()
    return rows, params


def explain(statement, options="ANALYZE, BUFFERS"):
    """The plan lines of a search statement as the search page sent it (with its setting), for
    the plan tests and bench/search_speed.py."""
    _, setting, statement = statement.rpartition(f"{SERIAL}; ")
    with connection.cursor() as cursor:
        cursor.execute(f"{setting}EXPLAIN ({options}) {statement}")
        if setting:
            cursor.nextset()
        return [line for (line,) in cursor.fetchall()]


def search(query, root, root_url, filters, offset, limit):
    """One page of results for ``query`` among the live, public pages under ``root`` in its language."""
    kind_of = kinds.kind_by_content_type()
    if connection.vendor == "postgresql":
        rows, _params = postgres_search(query, root, filters, offset, limit)
    else:
        rows = sqlite_search(query, root, filters, offset, limit, kind_of)
    results, total, matched, kind_counts, place_counts, publication_counts = [], 0, 0, {}, [], []
    ranks = {}
    relative_start = len(root.url_path)
    for section, page_id, title, url_path, type_id, day, place_title, snippet, number in rows:
        if section == "result":
            ranks[page_id] = number
            url = root_url.rstrip("/") + "/" + url_path[relative_start:]
            results.append(
                Result(
                    page_id,
                    title,
                    url,
                    kind_of.get(type_id, "pages"),
                    day,
                    place_title,
                    highlight(snippet or ""),
                )
            )
        elif section == "total":
            total = int(number)
        elif section == "matched":
            matched = int(number)
        elif section == "kind":
            kind = kind_of.get(type_id, "pages")
            kind_counts[kind] = kind_counts.get(kind, 0) + int(number)
        elif section == "place":
            place_counts.append((page_id, title, None if number is None else int(number)))
        elif section == "publication":
            publication_counts.append((page_id, title, None if number is None else int(number)))
    results.sort(key=lambda result: (-ranks[result.id], -result.id))
    place_counts.sort(key=lambda item: (-(item[2] or 0), item[1]))
    publication_counts.sort(key=lambda item: (-(item[2] or 0), item[1]))
    if matched > CAP:  # counted among the first CAP only: no figures rather than wrong ones
        kind_counts = {}
    more = total > CAP
    return Outcome(results, min(total, CAP), kind_counts, place_counts, publication_counts, more)


def _marked(text, words):
    """Plain text with the searched-for words between the highlight markers (SQLite only)."""
    text = text.replace(OPEN, "").replace(CLOSE, "")
    pieces = []
    for piece in text.split(" "):
        bare = piece.strip(".,;:!?()\"'").lower()
        pieces.append(f"{OPEN}{piece}{CLOSE}" if bare and bare in words else piece)
    return " ".join(pieces)


def sqlite_search(query, root, filters, offset, limit, kind_of):
    """The same rows as ``postgres_search``, from Wagtail's search and Python, for small sites."""
    pages = Page.objects.live().public().descendant_of(root, inclusive=True).filter(locale_id=root.locale_id)
    for scope in (filters.place, filters.publication):
        if scope is not None:
            pages = pages.descendant_of(scope, inclusive=True)
    places = dict(
        Page.objects.filter(
            content_type_id__in=kinds.place_content_types(), path__startswith=root.path
        ).values_list("path", "id")
    )
    place_titles = dict(Page.objects.filter(path__in=places).values_list("path", "title"))
    publications = dict(
        Page.objects.filter(
            content_type_id__in=kinds.publication_content_types(), path__startswith=root.path
        ).values_list("path", "id")
    )
    words = {word.lower() for word in query.split()}
    matches = []
    for rank, page in enumerate(pages.specific().search(query)[:1000]):
        date_field = getattr(type(page), "search_date_field", None)
        day = getattr(page, date_field) if date_field else page.first_published_at
        if hasattr(day, "date"):
            day = day.date()
        if (filters.date_from and (day is None or day < filters.date_from)) or (
            filters.date_to and (day is None or day > filters.date_to)
        ):
            continue
        matches.append((rank, page, day))
    chosen = [m for m in matches if not filters.kinds or kind_of.get(m[1].content_type_id) in filters.kinds]
    rows = []
    for rank, page, day in chosen[offset : offset + limit]:
        ancestors = [page.path[:length] for length in range(len(page.path) - Page.steplen, 0, -Page.steplen)]
        place = next((place_titles[path] for path in ancestors if path in places), None)
        text = _marked(getattr(page, "intro_text", "") or "", words)
        rows.append(
            ("result", page.id, page.title, page.url_path, page.content_type_id, day, place, text, -rank)
        )
    rows.append(("total", None, None, None, None, None, None, None, len(chosen)))
    counts = {}
    for _rank, page, _day in matches:
        counts[page.content_type_id] = counts.get(page.content_type_id, 0) + 1
    rows += [("kind", None, None, None, type_id, None, None, None, n) for type_id, n in counts.items()]
    child_length = len((filters.place or root).path) + Page.steplen
    by_place, by_publication = {}, {}
    for _rank, page, _day in chosen:
        if page.path[:child_length] in places:
            by_place[page.path[:child_length]] = by_place.get(page.path[:child_length], 0) + 1
        parent = page.path[: -Page.steplen]
        if parent in publications:
            by_publication[parent] = by_publication.get(parent, 0) + 1
    rows += [
        ("place", places[path], place_titles[path], None, None, None, None, None, n)
        for path, n in by_place.items()
    ]
    publication_titles = dict(Page.objects.filter(path__in=by_publication).values_list("path", "title"))
    rows += [
        ("publication", publications[path], publication_titles[path], None, None, None, None, None, n)
        for path, n in by_publication.items()
    ]
    return rows
