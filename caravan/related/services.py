"""Writes: index an article's terms, compute its neighbours, remove it.

Bounded work per article: its terms' postings (an index lookup on
(locale, term) for its few dozen most distinctive terms) give at most
``CANDIDATES`` candidates ranked by their dot product in SQL; only those are
scored in Python. The work grows with the postings of those terms, not with
the archive: a term in more than ``COMMON`` of a locale's articles is not used
to find candidates (it still counts in the score). An article's main subjects
are postings too (``#water``), so a story on the same subject that shares no
distinctive word is still a candidate."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from caravan.caching.purge import purge_later
from caravan.news.models import ArticlePage, ArticleTag

from .models import ArticleTerms, Neighbour, Posting, TermStat, delete_rows
from .scoring import KEEP, SUBJECT_BONUS, Profile, score
from .text import analyse, article_parts, vector

logger = logging.getLogger(__name__)
CANDIDATES = 200
QUERY_TERMS = 30
CHAMPIONS = 500  # postings read per query term: those where it weighs most
COMMON = 0.1
QUERY_SUBJECTS = 3  # an article's main subjects, queried besides its terms
SUBJECT_POSTING = "#"  # never starts a word's stem
DOCUMENTS = ""  # TermStat's term counting the locale's articles: no stem is empty


def postings_of(vec: dict[str, float], subjects: dict[str, float]) -> dict:
    """What an article is found by: its terms, and its subjects as ``#slug``."""
    return {**vec, **{SUBJECT_POSTING + slug: w for slug, w in subjects.items()}}


def query_of(vec: dict, subjects: dict, *, common) -> list[tuple[str, float]]:
    """The postings to look up for an article's candidates, with the weight
    each adds per unit of posting: its most distinctive terms that are not
    ``common`` (cosine), then its main subjects (as ``scoring`` weighs them)."""
    words = sorted(
        ((t, w) for t, w in vec.items() if t not in common), key=lambda i: -i[1]
    )[:QUERY_TERMS]
    main = sorted(subjects.items(), key=lambda i: (-i[1], i[0]))[:QUERY_SUBJECTS]
    return words + [(SUBJECT_POSTING + slug, SUBJECT_BONUS * w) for slug, w in main]


def is_listed(article) -> bool:
    return bool(article.live) and article.date_published is not None


def documents_in(locale_id: int) -> int:
    """The locale's indexed articles: the counter ``DOCUMENTS`` keeps in
    TermStat (one row; counting ArticleTerms would read the whole table)."""
    found = (
        TermStat.objects.filter(locale_id=locale_id, term=DOCUMENTS)
        .values_list("documents", flat=True)
        .first()
    )
    return found or 0


def _uncount(locale_id: int, terms: list[str]) -> None:
    TermStat.objects.filter(locale_id=locale_id, term__in=[DOCUMENTS, *terms]).update(
        documents=F("documents") - 1
    )


def _count(locale_id: int, terms: list[str]) -> None:
    terms = [DOCUMENTS, *terms]
    existing = set(
        TermStat.objects.filter(locale_id=locale_id, term__in=terms).values_list(
            "term", flat=True
        )
    )
    if existing:
        TermStat.objects.filter(locale_id=locale_id, term__in=existing).update(
            documents=F("documents") + 1
        )
    TermStat.objects.bulk_create(
        [
            TermStat(locale_id=locale_id, term=t, documents=1)
            for t in terms
            if t not in existing
        ],
        ignore_conflicts=True,
    )


def _weigh(locale_id: int, counts, terms: list[str]) -> tuple[dict, int]:
    """The vector of ``terms`` (their ``counts``) by the locale's document
    frequencies, and the number of its indexed articles: one query."""
    df = dict(
        TermStat.objects.filter(
            locale_id=locale_id, term__in=[DOCUMENTS, *terms]
        ).values_list("term", "documents")
    )
    documents = df.pop(DOCUMENTS, 0)
    vec = vector({t: counts[t] for t in terms}, df=df, documents=max(documents, 1))
    return vec, documents


def _ranked(me: Profile, found: list[int], known: dict) -> list[tuple[float, int]]:
    """(score, id) of the candidates that are still published, best first."""
    return sorted(
        ((score(me, known[pk]), pk) for pk in found if pk in known), reverse=True
    )


def index_article(article: ArticlePage) -> ArticleTerms:
    """Store the article's terms, its vector and its postings."""
    counts, subjects = analyse(**article_parts(article))
    terms = sorted(t for t in counts if len(t) <= 100)
    locale_id = article.locale_id
    with transaction.atomic():
        previous = ArticleTerms.objects.filter(article_id=article.pk).first()
        if previous is not None:
            _uncount(previous.locale_id, previous.terms)
        _count(locale_id, terms)
        vec, _documents = _weigh(locale_id, counts, terms)
        entry, _created = ArticleTerms.objects.update_or_create(
            article_id=article.pk,
            defaults={
                "locale_id": locale_id,
                "terms": terms,
                "vector": vec,
                "subjects": subjects,
            },
        )
        delete_rows(Posting.objects.filter(article_id=article.pk))
        Posting.objects.bulk_create(
            Posting(locale_id=locale_id, term=t, article_id=article.pk, weight=w)
            for t, w in postings_of(vec, subjects).items()
        )
    return entry


def candidates(
    *, locale_id: int, pk: int, vec: dict[str, float], subjects: dict | None = None
) -> list[int]:
    """The articles sharing the most weight with ``vec`` and ``subjects``, by
    its distinctive terms and main subjects."""
    documents = documents_in(locale_id)
    common = set(
        TermStat.objects.filter(
            locale_id=locale_id,
            term__in=list(vec),
            documents__gt=max(COMMON * documents, 20),
        ).values_list("term", flat=True)
    )
    query = query_of(vec, subjects or {}, common=common)
    if not query:
        return []
    # Each term's CHAMPIONS postings of most weight (an index scan on
    # (locale, term, weight)): however long a term's list grows with the
    # archive, at most QUERY_TERMS x CHAMPIONS rows are read.
    table = Posting._meta.db_table
    parts, params = [], []
    for i, (term, weight) in enumerate(query):
        # Only the table's name is formatted in; values are parameters.
        parts.append(
            f"SELECT article_id, weight * %s AS dot FROM (SELECT article_id, weight "  # noqa: S608
            f"FROM {table} WHERE locale_id = %s AND term = %s "
            f"ORDER BY weight DESC, article_id DESC LIMIT %s) AS c{i}"
        )
        params += [weight, locale_id, term, CHAMPIONS]
    sql = (
        f"SELECT article_id FROM ({' UNION ALL '.join(parts)}) AS p "  # noqa: S608
        "WHERE article_id <> %s GROUP BY article_id "
        "ORDER BY SUM(dot) DESC, article_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, pk, CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def profiles(pks: list[int]) -> dict[int, Profile]:
    """What scoring reads of each article, in four queries."""
    vectors, subjects = {}, {}
    for pk, vec, found in ArticleTerms.objects.filter(article_id__in=pks).values_list(
        "article_id", "vector", "subjects"
    ):
        vectors[pk], subjects[pk] = vec, found
    tags: dict[int, set[int]] = {pk: set() for pk in pks}
    for pk, tag in ArticleTag.objects.filter(content_object_id__in=pks).values_list(
        "content_object_id", "tag_id"
    ):
        tags[pk].add(tag)
    countries: dict[int, set[int]] = {pk: set() for pk in pks}
    through = ArticlePage.countries.through
    for pk, country in through.objects.filter(articlepage_id__in=pks).values_list(
        "articlepage_id", "country_id"
    ):
        countries[pk].add(country)
    found = {}
    for pk, path, published in (
        ArticlePage.objects.published()
        .filter(pk__in=pks)
        .values_list("pk", "path", "date_published")
    ):
        section = path[: -ArticlePage.steplen]
        found[pk] = Profile(
            pk=pk,
            vector=vectors.get(pk, {}),
            tags=frozenset(tags[pk]),
            countries=frozenset(countries[pk]),
            section=section,
            published=published,
            subjects=subjects.get(pk, {}),
        )
    return found


def update_article(article: ArticlePage) -> set[int]:
    """Index the article and store its neighbours; add it to its candidates'
    lists where it beats their weakest. Returns the articles whose list changed."""
    entry = index_article(article)
    found = candidates(
        locale_id=article.locale_id,
        pk=article.pk,
        vec=entry.vector,
        subjects=entry.subjects,
    )
    known = profiles([article.pk, *found])
    me = known.get(article.pk)
    if me is None:  # not published (or not yet): nothing to suggest it with
        return set()
    scored = _ranked(me, found, known)
    changed = {article.pk}
    with transaction.atomic():
        delete_rows(Neighbour.objects.filter(article_id=article.pk))
        Neighbour.objects.bulk_create(
            Neighbour(article_id=article.pk, neighbour_id=pk, score=s)
            for s, pk in scored[:KEEP]
        )
        changed |= _offer(article.pk, scored)
        ArticleTerms.objects.filter(article_id=article.pk).update(
            computed_at=timezone.now()
        )
    return changed


def _offer(pk: int, scored: list[tuple[float, int]]) -> set[int]:
    """Put ``pk`` in the lists of the candidates it now belongs to."""
    others = [other for _s, other in scored]
    lists: dict[int, list[tuple[float, int]]] = {other: [] for other in others}
    for owner, neighbour, s in Neighbour.objects.filter(
        article_id__in=others
    ).values_list("article_id", "neighbour_id", "score"):
        lists[owner].append((s, neighbour))
    computed = set(
        ArticleTerms.objects.filter(
            article_id__in=others, computed_at__isnull=False
        ).values_list("article_id", flat=True)
    )
    changed = set()
    add, drop = [], []
    for s, other in scored:
        if other not in computed:
            continue  # computed later, with this article among its candidates
        current = {n: v for v, n in lists[other]}
        if pk in current:
            if current[pk] != s:  # rescored: replaced below
                drop.append((other, pk))
                add.append(Neighbour(article_id=other, neighbour_id=pk, score=s))
                changed.add(other)
            continue
        if len(current) < KEEP:
            add.append(Neighbour(article_id=other, neighbour_id=pk, score=s))
            changed.add(other)
        else:
            weakest_score, weakest = min(lists[other])
            if s > weakest_score:
                drop.append((other, weakest))
                add.append(Neighbour(article_id=other, neighbour_id=pk, score=s))
                changed.add(other)
    # One statement each, whatever the number of lists changed.
    if drop:
        pairs = Q()
        for owner, neighbour in drop:
            pairs |= Q(article_id=owner, neighbour_id=neighbour)
        delete_rows(Neighbour.objects.filter(pairs))
    Neighbour.objects.bulk_create(add, ignore_conflicts=True)
    return changed


def remove_article(pk: int) -> set[int]:
    """The article left the site: out of the index; the articles that listed it
    are to be computed again (the scheduler). Returns them."""
    with transaction.atomic():
        entry = ArticleTerms.objects.filter(article_id=pk).first()
        if entry is not None:
            _uncount(entry.locale_id, entry.terms)
            entry.delete()
        delete_rows(Posting.objects.filter(article_id=pk))
        owners = set(
            Neighbour.objects.filter(neighbour_id=pk).values_list(
                "article_id", flat=True
            )
        )
        delete_rows(Neighbour.objects.filter(neighbour_id=pk))
        delete_rows(Neighbour.objects.filter(article_id=pk))
        ArticleTerms.objects.filter(article_id__in=owners).update(computed_at=None)
    return owners


def articles_like(
    *, locale_id: int, parts: dict, published=None, limit: int = KEEP
) -> list[tuple[float, int]]:
    """The published articles of a locale most related to a text that is not
    an article (a podcast episode's notes and transcript, say), best first, as
    (score, article id): the same index, candidates and score as an
    article's own suggestions, written nowhere. ``parts``: headline,
    standfirst and body."""
    counts, subjects = analyse(**parts)
    vec, documents = _weigh(locale_id, counts, [t for t in counts if len(t) <= 100])
    if not documents:
        return []
    found = candidates(locale_id=locale_id, pk=0, vec=vec, subjects=subjects)
    me = Profile(
        pk=0,
        vector=vec,
        tags=frozenset(),
        countries=frozenset(),
        section="",
        published=published,
        subjects=subjects,
    )
    return _ranked(me, found, profiles(found))[:limit]


def purge_articles(pks) -> None:
    if pks:
        purge_later({f"p:{pk}" for pk in pks})


def refresh(article: ArticlePage) -> None:
    """After a publication: index, recompute, purge the pages that show it."""
    if not is_listed(article):
        purge_articles(remove_article(article.pk))
        return
    listing_it = set(
        Neighbour.objects.filter(neighbour_id=article.pk).values_list(
            "article_id", flat=True
        )
    )
    purge_articles(update_article(article) | listing_it)
