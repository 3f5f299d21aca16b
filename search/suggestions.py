"""'Did you mean': the closest known word for each misspelt one (pg_trgm over titles and tags)."""

import re

from django.db import connection, transaction

from taggit.models import Tag
from wagtail.models import Page

from .models import SearchTerm

WORD = re.compile(r"[^\W\d_]{3,}")


def words_in(text):
    return {word.lower()[:100] for word in WORD.findall(text or "")}


def add_terms(texts):
    words = set().union(*(words_in(text) for text in texts)) if texts else set()
    SearchTerm.objects.bulk_create([SearchTerm(word=word) for word in words], ignore_conflicts=True)


def refresh_terms(progress=None):
    """Every word of every live page title and every tag, and no other.

    ``progress(titles_read)`` is called every 10,000 titles, for a long rebuild."""
    titles = Page.objects.live().values_list("title", flat=True).iterator(chunk_size=5000)
    words = set()
    for number, title in enumerate(titles, start=1):
        words |= words_in(title)
        if progress and number % 10_000 == 0:
            progress(number)
    for name in Tag.objects.values_list("name", flat=True):
        words |= words_in(name)
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word) for word in words], ignore_conflicts=True, batch_size=5000
        )
    return len(words)


def add_page_terms(instance, **kwargs):
    """On publish: the page's title and tags join the words "did you mean" can offer."""
    texts = [instance.title]
    tags = getattr(instance, "tags", None)
    if tags is not None and hasattr(tags, "all"):
        texts += [tag.name for tag in tags.all()]
    add_terms(texts)


def did_you_mean(query):
    """The query with each misspelt word replaced by the closest known word, or None."""
    if connection.vendor != "postgresql":
        return None  # pg_trgm is PostgreSQL's: no suggestion on SQLite
    words = [word.lower() for word in query.split()]
    if not any(WORD.fullmatch(word) for word in words):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w.n, (SELECT t.word FROM search_searchterm t
                         WHERE t.word %% w.word
                         ORDER BY similarity(t.word, w.word) DESC, t.word LIMIT 1)
            FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
            """,
            [words],
        )
        closest = dict(cursor.fetchall())
    suggestion = [closest.get(n) or word if WORD.fullmatch(word) else word for n, word in enumerate(words, 1)]
    suggestion = " ".join(suggestion)
    return suggestion if suggestion != " ".join(words) else None
