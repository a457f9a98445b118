"""Views for the demo site, so its "Most read" lists and the admin report show
something on the first visit. Only the demo loader calls this."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from caravan.news.models import ArticlePage

from .models import ArticleViews
from .services import record_views

DAYS = 14


def load_demo_views() -> int:
    """A fortnight of made-up hourly views for the published articles, skewed so
    that a few stories lead; once only (a re-run adds nothing). Rows written."""
    if ArticleViews.objects.exists():
        return 0
    articles = list(
        ArticlePage.objects.published().order_by("pk").values_list("pk", flat=True)
    )
    # A fixed seed: the same demo every time it is loaded.
    rng = random.Random(20261205)  # noqa: S311 - made-up demo numbers
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    counts: dict[tuple[dt.datetime, int], int] = {}
    for rank, article in enumerate(rng.sample(articles, len(articles))):
        popularity = 400 / (rank + 1)
        for hours_ago in range(0, DAYS * 24, 3):
            views = int(rng.expovariate(1 / popularity))
            if views:
                counts[(now - dt.timedelta(hours=hours_ago), article)] = views
    return record_views(counts=counts)
