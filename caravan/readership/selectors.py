"""Reading views: the most-read lists and an article's views per day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.utils import timezone

from caravan.news.models import ArticlePage

from .models import ArticleViews


def most_read(*, locale_id: int, hours: int, limit: int = 5) -> list[ArticlePage]:
    """The published articles of a locale read most in the last ``hours``, most
    read first (two queries)."""
    since = timezone.now() - dt.timedelta(hours=hours)
    published = ArticlePage.objects.published().filter(locale_id=locale_id)
    totals = list(
        ArticleViews.objects.filter(hour__gte=since, article__in=published)
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")[:limit]
    )
    order = [row["article"] for row in totals]
    by_id = {a.pk: a for a in ArticlePage.objects.filter(pk__in=order)}
    return [by_id[pk] for pk in order if pk in by_id]


def views_per_day(*, days: int = 30, limit: int = 50) -> list[dict]:
    """The most-read articles of the last ``days`` days, each with its views per
    day (oldest first): the admin's report."""
    today = timezone.now().date()
    start = today - dt.timedelta(days=days - 1)
    rows = list(
        ArticleViews.objects.filter(hour__date__gte=start)
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")[:limit]
    )
    ids = [row["article"] for row in rows]
    per_day: dict[int, dict[dt.date, int]] = {pk: {} for pk in ids}
    for row in (
        ArticleViews.objects.filter(hour__date__gte=start, article__in=ids)
        .values("article", "hour__date")
        .annotate(views=Sum("views"))
    ):
        per_day[row["article"]][row["hour__date"]] = row["views"]
    titles = dict(ArticlePage.objects.filter(pk__in=ids).values_list("pk", "title"))
    dates = [start + dt.timedelta(days=n) for n in range(days)]
    return [
        {
            "pk": row["article"],
            "title": titles.get(row["article"], "?"),
            "total": row["total"],
            "days": [(day, per_day[row["article"]].get(day, 0)) for day in dates],
        }
        for row in rows
    ]
