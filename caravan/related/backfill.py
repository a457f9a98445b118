"""The whole archive at once, per locale, in memory: count each term's
documents (one pass), store vectors and postings (a second pass), then
compute every article's neighbours from an in-memory inverted index with the
same candidate rule and score as a publication (``services``).

Rows are written in batches of ``BATCH`` model instances: Django's
``bulk_create`` makes a list of everything it is given, and millions of
postings as model instances would hold gigabytes at once."""

from __future__ import annotations

import heapq
import itertools
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from caravan.news.models import ArticlePage, ArticleTag

from .models import ArticleTerms, Neighbour, Posting, TermStat, delete_rows
from .scoring import KEEP, Profile, score
from .services import (
    CANDIDATES,
    CHAMPIONS,
    COMMON,
    DOCUMENTS,
    postings_of,
    query_of,
)
from .text import analyse, article_parts, vector, weighted_terms

BATCH = 2000


def _articles(locale_id):
    return (
        ArticlePage.objects.published()
        .filter(locale_id=locale_id)
        .only("pk", "title", "standfirst", "body", "locale_id", "path")
        .order_by("pk")
        .iterator(chunk_size=500)
    )


def backfill(*, progress: bool = True) -> dict:
    locales = list(
        # order_by(): pages are ordered by tree path, which DISTINCT would
        # otherwise include (one "locale" per article, each backfilled again).
        ArticlePage.objects.published()
        .order_by()
        .values_list("locale_id", flat=True)
        .distinct()
    )
    total = neighbours = 0
    for locale_id in locales:
        a, n = _backfill_locale(locale_id, progress=progress)
        total += a
        neighbours += n
    return {"articles": total, "locales": len(locales), "neighbours": neighbours}


def _write(model, rows) -> None:
    """``bulk_create`` the instances ``model(**row)`` a batch at a time."""
    rows = iter(rows)
    while batch := [model(**row) for row in itertools.islice(rows, BATCH)]:
        model.objects.bulk_create(batch)


def _bar(iterable, *, total, desc, progress):
    return tqdm(iterable, total=total, desc=desc, unit="art", disable=not progress)


def _backfill_locale(locale_id: int, *, progress: bool) -> tuple[int, int]:
    count = ArticlePage.objects.published().filter(locale_id=locale_id).count()
    df: Counter = Counter()
    for article in _bar(
        _articles(locale_id), total=count, desc="terms", progress=progress
    ):
        df.update(set(weighted_terms(**article_parts(article))))
    vectors: dict[int, dict[str, float]] = {}
    terms_of: dict[int, list[str]] = {}
    subjects: dict[int, dict[str, float]] = {}
    for article in _bar(
        _articles(locale_id), total=count, desc="vectors", progress=progress
    ):
        counts, subjects[article.pk] = analyse(**article_parts(article))
        terms_of[article.pk] = sorted(t for t in counts if len(t) <= 100)
        vectors[article.pk] = vector(counts, df=df, documents=max(count, 1))
    with transaction.atomic():
        delete_rows(TermStat.objects.filter(locale_id=locale_id))
        _write(
            TermStat,
            (
                {"locale_id": locale_id, "term": t, "documents": d}
                for t, d in [(DOCUMENTS, len(vectors)), *df.items()]
                if len(t) <= 100
            ),
        )
        delete_rows(ArticleTerms.objects.filter(locale_id=locale_id))
        delete_rows(Posting.objects.filter(locale_id=locale_id))
        _write(
            ArticleTerms,
            (
                {
                    "article_id": pk,
                    "locale_id": locale_id,
                    "terms": terms_of[pk],
                    "vector": v,
                    "subjects": subjects[pk],
                }
                for pk, v in vectors.items()
            ),
        )
        _write(
            Posting,
            (
                {"locale_id": locale_id, "term": t, "article_id": pk, "weight": w}
                for pk, v in _bar(
                    vectors.items(), total=count, desc="postings", progress=progress
                )
                for t, w in postings_of(v, subjects[pk]).items()
            ),
        )
    del terms_of
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for pk, v in vectors.items():
        for t, w in postings_of(v, subjects[pk]).items():
            postings[t].append((pk, w))
    for t, listed in postings.items():  # each term's champions, as in SQL
        postings[t] = heapq.nlargest(CHAMPIONS, listed, key=lambda p: (p[1], p[0]))
    common_df = max(COMMON * count, 20)
    common = {t for t, d in df.items() if d > common_df}
    known = _profiles(locale_id, vectors, subjects)
    rows = []
    now = timezone.now()
    for pk in _bar(vectors, total=len(vectors), desc="neighbours", progress=progress):
        me = known[pk]
        query = query_of(me.vector, me.subjects, common=common)
        dots: dict[int, float] = defaultdict(float)
        for t, w in query:
            for other, ow in postings[t]:
                dots[other] += w * ow
        dots.pop(pk, None)
        found = heapq.nlargest(CANDIDATES, dots, key=lambda o: (dots[o], o))
        best = heapq.nlargest(KEEP, ((score(me, known[o]), o) for o in found))
        rows.extend((pk, o, s) for s, o in best)
    with transaction.atomic():
        delete_rows(Neighbour.objects.filter(article__locale_id=locale_id))
        _write(
            Neighbour,
            ({"article_id": pk, "neighbour_id": o, "score": s} for pk, o, s in rows),
        )
        ArticleTerms.objects.filter(locale_id=locale_id).update(computed_at=now)
    return len(vectors), len(rows)


def _profiles(locale_id: int, vectors: dict, subjects: dict) -> dict[int, Profile]:
    tags: dict[int, set[int]] = defaultdict(set)
    for pk, tag in ArticleTag.objects.filter(
        content_object__locale_id=locale_id
    ).values_list("content_object_id", "tag_id"):
        tags[pk].add(tag)
    countries: dict[int, set[int]] = defaultdict(set)
    through = ArticlePage.countries.through
    for pk, country in through.objects.filter(
        articlepage__locale_id=locale_id
    ).values_list("articlepage_id", "country_id"):
        countries[pk].add(country)
    return {
        pk: Profile(
            pk=pk,
            vector=vectors[pk],
            tags=frozenset(tags[pk]),
            countries=frozenset(countries[pk]),
            section=path[: -ArticlePage.steplen],
            published=published,
            subjects=subjects[pk],
        )
        for pk, path, published in ArticlePage.objects.published()
        .filter(locale_id=locale_id)
        .values_list("pk", "path", "date_published")
        if pk in vectors
    }
