"""The admin's "Most read" report: each of the most-read articles of the last 30
days with its views per day as a small bar chart (inline SVG, no script)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from .selectors import views_per_day

DAYS = 30
WIDTH, HEIGHT = 240, 40


def chart(days: list[tuple]) -> dict:
    """Bars for an SVG: one per day, scaled to the busiest."""
    peak = max((views for _day, views in days), default=0) or 1
    step = WIDTH / max(1, len(days))
    bars = []
    for index, (day, views) in enumerate(days):
        height = round(HEIGHT * views / peak, 1)
        bars.append(
            {
                "x": round(index * step, 1),
                "y": round(HEIGHT - height, 1),
                "width": round(step * 0.8, 1),
                "height": height,
                "label": f"{day:%d %b}: {views}",
            }
        )
    return {"bars": bars, "width": WIDTH, "height": HEIGHT}


def most_read_report(request):
    rows = views_per_day(days=DAYS)
    for row in rows:
        row["chart"] = chart(row["days"])
    return render(
        request,
        "readership/most_read_report.html",
        {"rows": rows, "days": DAYS, "title": _("Most read")},
    )
