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
from datetime import date

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page, PageViewRestriction

from cms.visibility import request_restrictions

from . import kinds

OPEN, CLOSE = "\u27e6", "\u27e7"  # never shown: stripped from the text before highlighting
# Written out where entries are matched, not read from a CTE: a value the planner knows before it
# runs can be looked up in the GIN indexes of title and body; one from another relation cannot.
TSQUERY = "websearch_to_tsquery(%(q)s)"


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
    place_counts: list  # (place id, title, count), most results first
    publication_counts: list


def highlight(text):
    """The snippet as HTML: the page's words escaped, the matched ones in <mark>."""
    escaped = escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - built from escaped text and our own tags only


def private_prefixes():
    restrictions = request_restrictions()
    if restrictions is None:
        restrictions = PageViewRestriction.objects.select_related("page")
    return [restriction.page.path + "%" for restriction in restrictions]


def _date_sql():
    joins, values = [], []
    for number, (table, column, is_datetime) in enumerate(kinds.date_columns()):
        alias = f"d{number}"
        joins.append(f"LEFT JOIN {connection.ops.quote_name(table)} {alias} ON {alias}.page_ptr_id = p.id")
        value = f"{alias}.{connection.ops.quote_name(column)}"
        values.append(f"({value} AT TIME ZONE %(time_zone)s)::date" if is_datetime else value)
    values.append("(p.first_published_at AT TIME ZONE %(time_zone)s)::date")
    return " ".join(joins), f"COALESCE({', '.join(values)})"


def postgres_search(query, root, filters, offset, limit):
    from django.conf import settings

    date_joins, day = _date_sql()
    params = {
        "q": query,
        "time_zone": settings.TIME_ZONE,
        "page_types": [type_id for type_id, _model in kinds.page_types()],
        "locale": root.locale_id,
        "root": root.path + "%",
        "private": private_prefixes(),
        "places": kinds.place_content_types(),
        "publications": kinds.publication_content_types(),
        "place_child_length": len((filters.place or root).path) + Page.steplen,
        "offset": offset,
        "limit": limit,
    }
    conditions = []
    if filters.place:
        conditions.append("p.path LIKE %(place)s")
        params["place"] = filters.place.path + "%"
    if filters.publication:
        conditions.append("p.path LIKE %(publication)s")
        params["publication"] = filters.publication.path + "%"
    if filters.date_from:
        conditions.append(f"{day} >= %(date_from)s")
        params["date_from"] = filters.date_from
    if filters.date_to:
        conditions.append(f"{day} <= %(date_to)s")
        params["date_to"] = filters.date_to
    chosen = "SELECT * FROM matches"
    if filters.kinds:
        chosen += " WHERE content_type_id = ANY(%(kinds)s)"
        params["kinds"] = [t for kind in filters.kinds for t in kinds.content_types_of_kind(kind)]
    extra = "".join(f" AND {condition}" for condition in conditions)
    # Only table and column names from the page models and fixed fragments are put into the text;
    # every value from the reader is a parameter.
    sql = f"""
    WITH query AS (SELECT websearch_to_tsquery(%(q)s) AS q),
    matches AS MATERIALIZED (
        SELECT p.id, p.path, p.depth, p.title, p.url_path, p.content_type_id, {day} AS day,
               ts_rank(e.title, {TSQUERY}) * e.title_norm * 2 + ts_rank(e.body, {TSQUERY}) AS rank,
               e.id AS entry_id
        FROM wagtailsearch_indexentry e
        JOIN wagtailcore_page p
          ON p.id = (CASE WHEN e.object_id ~ '^[0-9]+$' THEN e.object_id::integer END)
        {date_joins}
        WHERE (e.title @@ {TSQUERY} OR e.body @@ {TSQUERY})
          AND e.content_type_id = ANY(%(page_types)s)
          AND p.live AND p.locale_id = %(locale)s AND p.path LIKE %(root)s
          AND NOT (p.path LIKE ANY(%(private)s)){extra}
    ),
    chosen AS MATERIALIZED ({chosen}),
    top AS (SELECT * FROM chosen ORDER BY rank DESC, id DESC OFFSET %(offset)s LIMIT %(limit)s)
    SELECT 'result', top.id, top.title, top.url_path, top.content_type_id, top.day, place.title,
           ts_headline(translate(e.body_text, '{OPEN}{CLOSE}', ''), query.q,
                       'StartSel={OPEN}, StopSel={CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2'),
           top.rank::float8
    FROM top
    CROSS JOIN query
    JOIN wagtailsearch_indexentry e ON e.id = top.entry_id
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
    SELECT 'kind', NULL, NULL, NULL, content_type_id, NULL, NULL, NULL, count(*)
    FROM matches GROUP BY content_type_id
    UNION ALL
    SELECT 'place', a.id, a.title, NULL, NULL, NULL, NULL, NULL, count(*)
    FROM chosen c JOIN wagtailcore_page a ON a.path = substr(c.path, 1, %(place_child_length)s)
    WHERE a.content_type_id = ANY(%(places)s)
    GROUP BY a.id, a.title
    UNION ALL
    SELECT 'publication', a.id, a.title, NULL, NULL, NULL, NULL, NULL, count(*)
    FROM chosen c JOIN wagtailcore_page a ON a.path = substr(c.path, 1, length(c.path) - {Page.steplen})
    WHERE a.content_type_id = ANY(%(publications)s)
    GROUP BY a.id, a.title
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows, params


def search(query, root, root_url, filters, offset, limit):
    """One page of results for ``query`` among the live, public pages under ``root`` in its language."""
    kind_of = kinds.kind_by_content_type()
    if connection.vendor == "postgresql":
        rows, _params = postgres_search(query, root, filters, offset, limit)
    else:
        rows = sqlite_search(query, root, filters, offset, limit, kind_of)
    results, total, kind_counts, place_counts, publication_counts = [], 0, {}, [], []
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
        elif section == "kind":
            kind = kind_of.get(type_id, "pages")
            kind_counts[kind] = kind_counts.get(kind, 0) + int(number)
        elif section == "place":
            place_counts.append((page_id, title, int(number)))
        elif section == "publication":
            publication_counts.append((page_id, title, int(number)))
    results.sort(key=lambda result: (-ranks[result.id], -result.id))
    place_counts.sort(key=lambda item: (-item[2], item[1]))
    publication_counts.sort(key=lambda item: (-item[2], item[1]))
    return Outcome(results, total, kind_counts, place_counts, publication_counts)


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
