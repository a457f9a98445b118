"""Writing views: the beacon's counts added to each article's hour."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from caravan.news.models import ArticlePage

from .models import ArticleViews


def record_views(*, counts: dict[tuple[dt.datetime, int], int]) -> int:
    """Add ``counts`` ((hour, article id) -> views) to the stored hours, in one
    statement per flush: articles that do not exist (a made-up id) are left
    out. Concurrent processes add up (INSERT ... ON CONFLICT DO UPDATE, on
    SQLite and PostgreSQL alike). The number of rows written."""
    if not counts:
        return 0
    known = set(
        ArticlePage.objects.filter(
            pk__in={article for _hour, article in counts}
        ).values_list("pk", flat=True)
    )
    rows = [
        (article, hour, views)
        for (hour, article), views in counts.items()
        if article in known and views > 0
    ]
    if not rows:
        return 0
    table = connection.ops.quote_name(ArticleViews._meta.db_table)
    placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = []
    for article, hour, views in rows:
        params += [article, connection.ops.adapt_datetimefield_value(hour), views]
    # Only the quoted table name and placeholders are formatted in: values are
    # parameters.
    sql = (
        f"INSERT INTO {table} (article_id, hour, views) VALUES {placeholders} "  # noqa: S608
        f"ON CONFLICT (article_id, hour) DO UPDATE "
        f"SET views = {table}.views + excluded.views"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(rows)
