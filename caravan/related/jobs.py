"""The scheduler's job: compute the articles left stale (an article they listed
was unpublished, or a computation after publication failed), a batch per run."""

from __future__ import annotations

from django.db.models import Q

from caravan.news.models import ArticlePage

from .models import ArticleTerms
from .services import purge_articles, update_article

BATCH = 200


def refresh_stale(now=None) -> int:
    stale = ArticleTerms.objects.filter(computed_at__isnull=True).values("article_id")
    articles = (
        ArticlePage.objects.published()
        .filter(Q(pk__in=stale))
        .order_by("-date_published")[:BATCH]
    )
    changed: set[int] = set()
    done = 0
    for article in articles:
        changed |= update_article(article)
        done += 1
    purge_articles(changed)
    return done
