"""Suggested articles under an article: those sharing its tags (3 points each),
countries (2 each) or section (1), best first, then newest; topped up with the
section's newest, then the newest of all. Never the article itself, never an
unpublished or future-dated one.

Scoring every article that shares a country grows with the archive (a
100,000-article archive took ~670 ms per page), so candidates are the newest
``WINDOW`` published articles of the locale. Those, with their tag and country
ids, are an index kept in each process (``RECENT``, under the "content" tag, which every publication, unpublication, move or deletion bumps;
rebuilt also when a future-dated article comes due): ranking is then a few
dictionary lookups, not a query on every rendered article, and the cards it
picks are loaded once per process until the next publication.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict

from caravan.caching.memo import Memo

from .models import ArticlePage, ArticleTag

WINDOW = 1000
MAX_CHOICES = 100_000  # articles whose choice is remembered (a few MB at most)
# Cards kept per locale: the window's, and those other lists show (stored
# related articles); beyond this the cache starts over.
MAX_CARDS = 5_000


@dataclasses.dataclass(frozen=True)
class Recent:
    """The newest published articles of a locale, newest first."""

    rank: dict[int, int]  # article id -> position, newest first
    paths: dict[int, str]
    by_tag: dict[int, list[int]]  # tag id -> article ids
    by_country: dict[int, list[int]]
    until: float | None  # UNIX time a future-dated article becomes visible
    complete: bool  # the whole published archive of the locale fits in it
    # Cards (with image renditions and bylines) loaded so far: shared, read-only.
    cards: dict[int, ArticlePage] = dataclasses.field(default_factory=dict)
    # The ids chosen so far, by what the choice depends on (see _choice_key):
    # ranking is a pure function of those and this index.
    chosen: dict[tuple, list[int]] = dataclasses.field(default_factory=dict)

    def window(self, exclude: int) -> list[int]:
        """The newest WINDOW article ids other than ``exclude``."""
        ids = [pk for pk in self.rank if pk != exclude]
        return ids[:WINDOW]


def suggested_articles(*, article: ArticlePage, limit: int = 4) -> list[ArticlePage]:
    """Uses the tags and countries the page read (``article.relations``)."""
    if limit <= 0:
        return []
    recent = _recent(article.locale_id)
    key = _choice_key(article, limit)
    ids = recent.chosen.get(key)
    if ids is None:
        ids = _choose(recent, article, limit)
        if len(recent.chosen) >= MAX_CHOICES:  # a huge archive: start over
            recent.chosen.clear()
        recent.chosen[key] = ids
    return _cards(recent, ids)


def _choice_key(article: ArticlePage, limit: int) -> tuple:
    """Everything of the article the choice reads: a preview with other tags or
    countries, or an article moved to another section, gets its own."""
    relations = article.relations
    return (
        article.pk,
        article.path,
        tuple(tag.pk for tag in relations.tags),
        tuple(country.pk for country in relations.countries),
        limit,
    )


def _choose(recent: Recent, article: ArticlePage, limit: int) -> list[int]:
    rank = recent.rank
    # Positions past WINDOW are outside the window, unless the article itself is
    # among the newer ones.
    last = WINDOW + (rank.get(article.pk, WINDOW + 1) < WINDOW)
    section_path = article.path[: -article.steplen]
    scores: dict[int, int] = defaultdict(int)
    for tag in article.relations.tags:
        for pk in recent.by_tag.get(tag.pk, ()):
            scores[pk] += 3
    for country in article.relations.countries:
        for pk in recent.by_country.get(country.pk, ()):
            scores[pk] += 2
    scores.pop(article.pk, None)
    paths = recent.paths
    # The best few of a few hundred candidates (those sharing a country): a heap,
    # not a sort of them all.
    ids = heapq.nsmallest(
        limit,
        (pk for pk in scores if rank[pk] < last),
        key=lambda pk: (-(scores[pk] + paths[pk].startswith(section_path)), rank[pk]),
    )
    if len(ids) < limit:
        window = recent.window(exclude=article.pk)
        chosen = set(ids)
        in_section = [
            pk
            for pk in window
            if pk not in chosen and recent.paths[pk].startswith(section_path)
        ]
        if len(in_section) < limit - len(ids) and not recent.complete:
            in_section = _section_newest(
                article, section_path, chosen | {article.pk}, limit - len(ids)
            )
        ids += in_section[: limit - len(ids)]
        chosen.update(ids)
        ids += [pk for pk in window if pk not in chosen][: limit - len(ids)]
    return ids


def _cards(recent: Recent, ids: list[int], queryset=None) -> list[ArticlePage]:
    from .selectors import for_listing

    missing = [pk for pk in ids if pk not in recent.cards]
    if missing:
        if len(recent.cards) + len(missing) > MAX_CARDS:
            recent.cards.clear()
        queryset = queryset if queryset is not None else ArticlePage.objects.all()
        # Cards never show the body: not loaded (nor its JSON decoded).
        for card in for_listing(queryset.filter(pk__in=missing).defer("body")):
            recent.cards[card.pk] = card
    return [recent.cards[pk] for pk in ids if pk in recent.cards]


def published_cards(*, locale_id: int, ids: list[int]) -> list[ArticlePage]:
    """The cards of those of ``ids`` that are published in the locale, in
    that order, from the cards this process keeps until the next publication
    (``RECENT``): a list stored elsewhere (related articles) costs no card
    query once its cards are loaded."""
    published = ArticlePage.objects.published().filter(locale_id=locale_id)
    return _cards(_recent(locale_id), ids, published)


# The index per locale, until any publication or a future-dated article comes due.
RECENT = Memo(
    "suggestions-index",
    tags=("content",),
    max_entries=50,
    expires=lambda recent: recent.until,
)


def _recent(locale_id: int) -> Recent:
    return RECENT.get((locale_id, WINDOW), lambda: _build(locale_id))


def _build(locale_id: int) -> Recent:
    from .selectors import next_publication

    rows = list(
        ArticlePage.objects.published()
        .filter(locale_id=locale_id)
        .newest_first()
        .values_list("pk", "path")[: WINDOW + 1]  # the window, and the page itself
    )
    ids = [pk for pk, _path in rows]
    by_tag: dict[int, list[int]] = defaultdict(list)
    by_country: dict[int, list[int]] = defaultdict(list)
    if ids:
        for pk, tag_id in ArticleTag.objects.filter(
            content_object_id__in=ids
        ).values_list("content_object_id", "tag_id"):
            by_tag[tag_id].append(pk)
        through = ArticlePage.countries.through
        for pk, country_id in through.objects.filter(
            articlepage_id__in=ids
        ).values_list("articlepage_id", "country_id"):
            by_country[country_id].append(pk)
    return Recent(
        rank={pk: i for i, pk in enumerate(ids)},
        paths=dict(rows),
        by_tag=dict(by_tag),
        by_country=dict(by_country),
        until=next_publication(locale=locale_id),
        complete=len(ids) <= WINDOW,
    )


def _section_newest(article, section_path, exclude, n) -> list[int]:
    """The section's newest beyond the window (a section with few recent articles)."""
    return list(
        ArticlePage.objects.published()
        .filter(locale_id=article.locale_id, path__startswith=section_path)
        .exclude(pk__in=list(exclude))
        .newest_first()
        .values_list("pk", flat=True)[:n]
    )
