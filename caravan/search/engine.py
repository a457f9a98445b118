"""Finding and ordering the articles a query matches, on either database.

Both databases first find the newest ``limit`` articles that match every word
(the article_newest index walks them newest first), with a relevance score;
the order readers see is then decided here, in Python, over those only:

* "relevance": more query words in the headline first (by stem, so
  "выборы" counts for a headline with "выборах"), then the database's score in
  bands (scores within a tenth of the best one are equal: their differences are
  noise), then newest first;
* "newest": newest first.

Morphology: on PostgreSQL the index and the queries use the ``russian`` text
search configuration (settings ``SEARCH_CONFIG``): Snowball's Russian stemmer
for Cyrillic words, its English one for Latin words. SQLite's FTS5 has no
stemmer, so each word becomes a prefix query on its stem ("выборы" → выбор*,
"Казахстана" → казахста*): a few more matches than a stemmer finds, ranked
below those with the word in the headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend

from caravan.core.text import WORD, is_cyrillic, normalise, stem
from caravan.news.models import ArticlePage

SORTS = ("relevance", "newest")
# At most this many words of a query count: a pasted paragraph still searches,
# without an FTS expression of hundreds of terms.
MAX_WORDS = 12
# Prefixes shorter than this match too much: the word itself is searched.
MIN_PREFIX = 4
SCORE_BANDS = 10
# SQLite: bm25() weights of the FTS table's columns (autocomplete, body, title).
SQLITE_COLUMN_WEIGHTS = (0.0, 1.0, 4.0)
_TOKEN = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


@dataclass
class Match:
    pk: int
    title: str
    score: float = 0.0


def query_words(query: str) -> list[str]:
    """The query's words: letters, digits and inner apostrophes only, so no
    character can be read as full-text syntax by either database."""
    return _TOKEN.findall(query.replace("_", " "))[:MAX_WORDS]


def sort_order(value: str | None) -> str:
    return value if value in SORTS else SORTS[0]


def matches(articles, words: list[str], *, limit: int, scored: bool) -> list[Match]:
    """The newest ``limit`` articles of ``articles`` matching every word, newest
    first; with the database's relevance score when ``scored``."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres_matches(articles, words, limit=limit)
    return _sqlite_matches(articles, words, limit=limit, scored=scored)


def ranked(found: list[Match], words: list[str], sort: str) -> list[int]:
    """Article ids in the order readers see (``found`` is newest first)."""
    if sort == "newest" or not found:
        return [match.pk for match in found]
    stems = {stem(normalise(word)) for word in words}
    best = max(match.score for match in found) or 1.0

    def key(match: Match):
        in_headline = stems & headline_stems(match.title)
        band = int(max(match.score, 0.0) / best * SCORE_BANDS)
        return (-len(in_headline), -band)

    # A stable sort: equal keys stay newest first.
    return [match.pk for match in sorted(found, key=key)]


def headline_stems(title: str) -> set[str]:
    return {stem(normalise(word)) for word in WORD.findall(title)}


# --- PostgreSQL ---


def _postgres_matches(articles, words: list[str], *, limit: int) -> list[Match]:
    """Wagtail's own tsquery, vectors and rank expression in one query that finds
    the newest matches by the GIN index on title || body (migration 0001) or the
    article_newest index, and ranks only those."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(articles, " ".join(words))
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    vectors = compiler.get_index_vectors(tsquery)
    combined = vectors[0][0]
    for vector, _boost in vectors[1:]:
        combined = combined._combine(vector, "||", False)
    rank = compiler._build_rank_expression(vectors, config)
    rows = (
        articles.annotate(_vector_=combined, search_rank=rank)
        .filter(_vector_=tsquery)
        .order_by("-date_published", "-pk")
        .values_list("pk", "title", "search_rank")[:limit]
    )
    return [Match(pk, title, score or 0.0) for pk, title, score in rows]


# --- SQLite FTS5 ---


def fts_term(word: str) -> str:
    """One word as an FTS5 string (quoted: never syntax), a prefix on its stem
    where the stem is long enough."""
    word = normalise(word)
    prefix = _common_prefix(word, stem(word))
    if not is_cyrillic(word) and prefix.endswith("i") and not word.endswith("i"):
        prefix = prefix[:-1]  # English "stories" → stori → stor*, as "story"
    if len(prefix) < MIN_PREFIX:
        return f'"{word}"'
    return f'"{prefix}"*'


def fts_expression(words: list[str]) -> str:
    return " AND ".join(fts_term(word) for word in words)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _fts_sql(select: str) -> str:
    return (
        f"SELECT {select} FROM wagtailsearch_indexentry_fts "  # noqa: S608 - constants
        "JOIN wagtailsearch_indexentry entry "
        "ON entry.id = wagtailsearch_indexentry_fts.rowid "
        "WHERE wagtailsearch_indexentry_fts MATCH %s "
        "AND entry.content_type_id IN ({types})"
    )


def _sqlite_matches(articles, words, *, limit: int, scored: bool) -> list[Match]:
    expression = fts_expression(words)
    types = sorted(get_descendants_content_types_pks(ArticlePage))
    placeholders = ", ".join(["%s"] * len(types))
    ids = RawSQL(  # noqa: S611 - constant SQL, the query a parameter
        _fts_sql("CAST(entry.object_id AS INTEGER)").format(types=placeholders),
        [expression, *types],
    )
    rows = list(
        articles.filter(pk__in=ids)
        .order_by("-date_published", "-pk")
        .values_list("pk", "title")[:limit]
    )
    found = [Match(pk, title) for pk, title in rows]
    if not scored or not found:
        return found
    weights = ", ".join(str(w) for w in SQLITE_COLUMN_WEIGHTS)
    sql = _fts_sql(
        f"entry.object_id, -bm25(wagtailsearch_indexentry_fts, {weights})"
    ).format(types=placeholders)
    pks = [str(match.pk) for match in found]
    sql += f" AND entry.object_id IN ({', '.join(['%s'] * len(pks))})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *types, *pks])
        scores = {int(object_id): score for object_id, score in cursor.fetchall()}
    for match in found:
        match.score = scores.get(match.pk, 0.0)
    return found
