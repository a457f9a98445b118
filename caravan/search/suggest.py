"""'Did you mean …?': a query with each unknown word swapped for the closest
word of the newest articles' headlines and tags.

The vocabulary is bounded (the newest VOCABULARY_ARTICLES articles of the
language) and read only when a query finds few articles, so it is built per
request: no copy to keep fresh. PostgreSQL compares words by trigram similarity
(pg_trgm, migration 0002) in the database; SQLite by difflib in Python.
The view offers the suggestion only if it finds more articles than the query.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections import Counter, defaultdict

from django.db import DatabaseError, connection, transaction

from caravan.core.text import normalise, stem
from caravan.news.models import ArticlePage, ArticleTag

VOCABULARY_ARTICLES = 2000
# Fewer results than this, and a better spelled query is looked for.
FEW_RESULTS = 3
MIN_WORD = 4  # shorter words are rarely typos worth guessing at
MAX_CORRECTED = 4
TRIGRAM_SIMILARITY = 0.3  # pg_trgm's own default threshold
DIFFLIB_CUTOFF = 0.75
CANDIDATES = 10  # the closest words, among which the base form is chosen
logger = logging.getLogger(__name__)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def corrected_query(articles, words: list[str]) -> str | None:
    """The query with its unknown words corrected, or None if none can be."""
    wanted = list(
        dict.fromkeys(
            normalise(word)
            for word in words
            if len(normalise(word)) >= MIN_WORD and normalise(word).isalpha()
        )
    )
    # Each word costs a pass over the vocabulary: a long query's first few only.
    wanted = wanted[:MAX_CORRECTED]
    if not wanted:
        return None
    texts = _vocabulary_texts(articles)
    if connection.vendor == "postgresql":
        closest = _closest_in_database(texts, wanted)
    else:
        closest = _closest_in_python(texts, wanted)
    out, changed = [], False
    for word in words:
        lowered = normalise(word)
        best = closest.get(lowered)
        if best is None or stem(normalise(best)) == stem(lowered):
            out.append(word)  # known, or only another form of the same word
        else:
            out.append(best)
            changed = True
    return " ".join(out) if changed else None


def _vocabulary_texts(articles):
    """Headlines and tag names of the newest VOCABULARY_ARTICLES articles."""
    newest = articles.order_by("-date_published", "-pk").values("pk")[
        :VOCABULARY_ARTICLES
    ]
    titles = ArticlePage.objects.filter(pk__in=newest).order_by().values_list("title")
    tags = (
        ArticleTag.objects.filter(content_object_id__in=newest)
        .order_by()
        .values_list("tag__name")
    )
    return titles.union(tags, all=True)


def python_vocabulary(texts) -> dict[str, str]:
    """Lower-cased word -> its most common spelling."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for (text,) in texts:
        for word in _LETTERS.findall(text or ""):
            if len(word) >= MIN_WORD - 1:
                forms[normalise(word)][word] += 1
    return {word: spellings.most_common(1)[0][0] for word, spellings in forms.items()}


def base_form(candidates: list[str]) -> str | None:
    """Of the closest word's forms among the candidates (closest first), the
    shortest: "Бишкек" rather than "Бишкеке", "Kazakhstan" rather than
    "Kazakhstan's"."""
    if not candidates:
        return None
    family = stem(normalise(candidates[0]))
    forms = [c for c in candidates if stem(normalise(c)) == family]
    return min(forms, key=len)


def closest_in_python(vocabulary: dict[str, str], word: str) -> str | None:
    if word in vocabulary:
        return vocabulary[word]
    found = difflib.get_close_matches(
        word, vocabulary, n=CANDIDATES, cutoff=DIFFLIB_CUTOFF
    )
    return base_form([vocabulary[each] for each in found])


def _closest_in_python(texts, words: list[str]) -> dict[str, str | None]:
    vocabulary = python_vocabulary(texts)
    return {word: closest_in_python(vocabulary, word) for word in words}


# Every query word against the vocabulary in one pass over the headlines.
_TRIGRAM_SQL = """
WITH texts(text) AS ({texts}),
words AS (
    SELECT lower(w) AS word, mode() WITHIN GROUP (ORDER BY w) AS shown
    FROM texts, regexp_split_to_table(texts.text, '[^[:alpha:]]+') AS w
    WHERE length(w) >= %s
    GROUP BY lower(w)
),
scored AS (
    SELECT q, shown, row_number() OVER (
        PARTITION BY q ORDER BY similarity(word, q) DESC, word
    ) AS n
    FROM unnest(%s::text[]) AS q, words
    WHERE similarity(word, q) >= %s
)
SELECT q, shown FROM scored WHERE n <= %s ORDER BY q, n
"""


def _closest_in_database(texts, words: list[str]) -> dict[str, str | None]:
    sql, params = texts.query.sql_with_params()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _TRIGRAM_SQL.format(texts=sql),
                [*params, MIN_WORD - 1, words, TRIGRAM_SIMILARITY, CANDIDATES],
            )
            rows = cursor.fetchall()
    except DatabaseError:
        # pg_trgm missing (a database migrated without the rights to add it):
        # the same vocabulary, compared in Python.
        logger.warning("pg_trgm unavailable: comparing words in Python", exc_info=True)
        return _closest_in_python(texts, words)
    found: dict[str, list[str]] = defaultdict(list)
    for word, shown in rows:
        found[word].append(shown)
    return {word: base_form(found[word]) for word in words}
