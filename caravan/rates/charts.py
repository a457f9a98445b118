"""Server-rendered SVG line chart geometry (pure; the template draws it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_rate


@dataclass
class Chart:
    width: int
    height: int
    path: str
    area: str
    y_ticks: list[tuple[float, str]]  # (y, label)
    x_ticks: list[tuple[float, str]]
    last: tuple[float, float] | None
    low: str
    high: str
    first_date: dt.date | None
    last_date: dt.date | None


PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 84, 28, 12, 28


def build_chart(
    points: list[tuple[dt.date, Decimal]],
    *,
    digits: int = 4,
    width: int = 640,
    height: int = 220,
) -> Chart | None:
    if len(points) < 2:
        return None
    dates = [p[0] for p in points]
    values = [float(p[1]) for p in points]
    lo, hi = min(values), max(values)
    if hi == lo:  # a peg: draw a flat line in the middle
        lo, hi = lo * 0.99, hi * 1.01
    span_days = max(1, (dates[-1] - dates[0]).days)
    plot_w = width - PAD_LEFT - PAD_RIGHT
    plot_h = height - PAD_TOP - PAD_BOTTOM

    def x(day: dt.date) -> float:
        return round(PAD_LEFT + plot_w * (day - dates[0]).days / span_days, 1)

    def y(value: float) -> float:
        return round(PAD_TOP + plot_h * (1 - (value - lo) / (hi - lo)), 1)

    coords = [(x(d), y(v)) for d, v in zip(dates, values, strict=True)]
    path = "M" + " L".join(f"{cx},{cy}" for cx, cy in coords)
    bottom = PAD_TOP + plot_h
    area = f"{path} L{coords[-1][0]},{bottom} L{coords[0][0]},{bottom} Z"
    y_ticks = []
    for i in range(3):
        value = lo + (hi - lo) * i / 2
        y_ticks.append((y(value), format_rate(Decimal(repr(value)), digits)))
    x_ticks = []
    for i in range(4):
        day = dates[0] + dt.timedelta(days=round(span_days * i / 3))
        fmt = "%d %b" if span_days <= 120 else "%b %Y"
        x_ticks.append((x(day), day.strftime(fmt)))
    low = min(points, key=lambda p: p[1])[1]
    high = max(points, key=lambda p: p[1])[1]
    return Chart(
        width,
        height,
        path,
        area,
        y_ticks,
        x_ticks,
        coords[-1],
        format_rate(low, digits),
        format_rate(high, digits),
        dates[0],
        dates[-1],
    )


def sample(points: list, limit: int = 60) -> list:
    """At most ``limit`` evenly spaced points (always keeping the last one)."""
    if len(points) <= limit:
        return points
    step = len(points) / limit
    picked = [points[int(i * step)] for i in range(limit - 1)]
    return [*picked, points[-1]]
