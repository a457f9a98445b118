"""What an article page reads: its stored neighbours with the editor's pins
first and exclusions left out, same locale only, published only. An article
not computed yet (just imported, before the backfill) falls back to the
tag/country suggestions of ``caravan.news``."""

from __future__ import annotations

from django.db.models import CharField, Value

from caravan.news.models import ArticlePage
from caravan.news.suggestions import published_cards, suggested_articles

from .models import CuratedSuggestion, Neighbour


def related_articles(*, article: ArticlePage, limit: int = 4) -> list[ArticlePage]:
    if limit <= 0:
        return []
    pinned, excluded, stored = [], {article.pk}, []
    # The stored list (never more than KEEP rows) and the editor's choices, in
    # one query.
    neighbours = (
        Neighbour.objects.filter(article_id=article.pk)
        .order_by()
        .values_list("neighbour_id", "score", Value("", output_field=CharField()))
    )
    curated = (
        CuratedSuggestion.objects.filter(curation__article_id=article.pk)
        .order_by()
        .values_list("target_id", "sort_order", "kind")
    )
    for pk, rank, kind in neighbours.union(curated, all=True):
        if kind == CuratedSuggestion.Kind.PIN:
            pinned.append((rank or 0, pk))
        elif kind == CuratedSuggestion.Kind.EXCLUDE:
            excluded.add(pk)
        else:
            stored.append((-rank, pk))
    pinned = [pk for _rank, pk in sorted(pinned)]
    stored = [pk for _rank, pk in sorted(stored)]
    ids = [pk for pk in dict.fromkeys(pinned + stored) if pk not in excluded]
    # The process's cards until the next publication (caravan.news keeps them).
    chosen = published_cards(locale_id=article.locale_id, ids=ids)[:limit]
    if len(chosen) < limit:
        shown = {card.pk for card in chosen} | excluded
        for card in suggested_articles(article=article, limit=limit + len(shown)):
            if card.pk not in shown and card.locale_id == article.locale_id:
                chosen.append(card)
                shown.add(card.pk)
            if len(chosen) == limit:
                break
    return chosen
