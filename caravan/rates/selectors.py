"""Read side of the rates app. Only published rates are ever returned.

When several sources have a rate for the same currency and date, the one earliest in
the currency's provider chain wins (other real sources next, demo data last).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from . import conf
from .models import Rate, RateStatus, RejectedValue
from .services import provider_chain, tracked_currencies
from .sources import LABELS

# v3: dates and the change's size kept plain, worded in the reader's language
TICKER_CACHE_KEY = "rates:ticker:v3"
CHANGE_PERIODS = (1, 7, 30, 365)
LATEST_WINDOW_DAYS = 45


@dataclass(frozen=True)
class Point:
    rate_date: dt.date
    value: Decimal  # USD per 1 unit
    units_per_usd: Decimal
    source: str

    @property
    def source_label(self) -> str:
        return LABELS.get(self.source, self.source)

    @property
    def is_demo(self) -> bool:
        return self.source == "demo"


@dataclass(frozen=True)
class Latest:
    code: str
    name: str
    symbol: str
    precision: int
    current: Point
    previous: Point | None

    @property
    def change(self) -> Decimal | None:
        """Fractional change of USD per unit against the previous rate date."""
        return change_between(self.previous, self.current)


def change_between(old: Point | None, new: Point | None) -> Decimal | None:
    if old is None or new is None:
        return None
    return new.value / old.value - 1


def _rank(code: str):
    chain = provider_chain(code)

    def rank(source: str) -> int:
        if source in chain:
            return chain.index(source)
        return 1000 if source == "demo" else 100

    return rank


def _best_per_day(rows, code: str) -> list[Point]:
    """One Point per date (best source), oldest first."""
    rank = _rank(code)
    best: dict[dt.date, Point] = {}
    for rate_date, value, units, source in rows:
        point = Point(rate_date, value, units, source)
        held = best.get(rate_date)
        if held is None or rank(source) < rank(held.source):
            best[rate_date] = point
    return [best[d] for d in sorted(best)]


def latest_rates(
    *, today: dt.date | None = None, codes: list[str] | None = None
) -> list[Latest]:
    """Latest published rate (on or before today) per tracked currency, with the
    previous rate date's value for the day-on-day change. Two queries (plus one for
    the rare currency with nothing in the last 45 days)."""
    today = today or timezone.localdate()
    codes = codes or tracked_currencies()
    rows = list(
        Rate.objects.published()
        .filter(
            currency__code__in=codes,
            rate_date__lte=today,
            rate_date__gte=today - dt.timedelta(days=LATEST_WINDOW_DAYS),
        )
        .values_list(
            "currency__code",
            "currency__name",
            "currency__symbol",
            "currency__precision",
            "rate_date",
            "value",
            "units_per_usd",
            "source",
        )
    )
    missing = set(codes) - {r[0] for r in rows}
    if missing:  # stale currencies: their last two rate dates, however old
        for code in missing:
            dates = list(
                Rate.objects.published()
                .filter(currency__code=code, rate_date__lte=today)
                .order_by("-rate_date")
                .values_list("rate_date", flat=True)
                .distinct()[:2]
            )
            if dates:
                rows += list(
                    Rate.objects.published()
                    .filter(currency__code=code, rate_date__in=dates)
                    .values_list(
                        "currency__code",
                        "currency__name",
                        "currency__symbol",
                        "currency__precision",
                        "rate_date",
                        "value",
                        "units_per_usd",
                        "source",
                    )
                )
    out = []
    for code in codes:
        mine = [r for r in rows if r[0] == code]
        if not mine:
            continue
        series = _best_per_day([r[4:] for r in mine], code)
        _, name, symbol, precision = mine[0][:4]
        current = series[-1]
        previous = _previous_point(series[:-1], current)
        out.append(Latest(code, name, symbol, precision, current, previous))
    return out


def _previous_point(earlier: list[Point], current: Point) -> Point | None:
    """Previous rate date, from the same source when it has one."""
    for point in reversed(earlier):
        if point.source == current.source:
            return point
    return earlier[-1] if earlier else None


def history(
    *, code: str, start: dt.date | None = None, end: dt.date | None = None
) -> list[Point]:
    """One published rate per date between start and end (inclusive), oldest first."""
    qs = Rate.objects.published().filter(currency__code=code)
    if start:
        qs = qs.filter(rate_date__gte=start)
    if end:
        qs = qs.filter(rate_date__lte=end)
    rows = qs.values_list("rate_date", "value", "units_per_usd", "source")
    return _best_per_day(rows, code)


def point_on_or_before(series: list[Point], day: dt.date) -> Point | None:
    found = None
    for point in series:
        if point.rate_date <= day:
            found = point
        else:
            break
    return found


def changes(
    *,
    code: str,
    today: dt.date | None = None,
    periods: tuple[int, ...] = CHANGE_PERIODS,
) -> dict[int, Decimal | None]:
    """Fractional change of USD per unit over each period (1, 7, 30, 365 days)
    ending at the latest rate on or before today."""
    today = today or timezone.localdate()
    series = history(
        code=code, start=today - dt.timedelta(days=max(periods) + 10), end=today
    )
    if not series:
        return dict.fromkeys(periods)
    current = series[-1]
    out: dict[int, Decimal | None] = {}
    for days in periods:
        if days == 1:
            out[days] = change_between(_previous_point(series[:-1], current), current)
        else:
            past = point_on_or_before(
                series, current.rate_date - dt.timedelta(days=days)
            )
            out[days] = change_between(past, current)
    return out


def invalidate_ticker() -> None:
    cache.delete(TICKER_CACHE_KEY)


# --- the editors' review (the rates dashboard) ---------------------------------------

DISAGREEMENT_DAYS = 30
REVIEW_LIMIT = 200


@dataclass
class ReviewQueue:
    held: list[Rate] = field(default_factory=list)
    disagreements: list[Rate] = field(default_factory=list)
    rejected: list[RejectedValue] = field(default_factory=list)
    margin: Decimal = Decimal(0)

    def __len__(self) -> int:
        return len(self.held) + len(self.disagreements) + len(self.rejected)


def review_queue(*, today: dt.date | None = None) -> ReviewQueue:
    """Everything awaiting an editor: held rates, published rates another provider
    disagrees with beyond CARAVAN_RATES_PROVIDER_MARGIN (last 30 days, not yet
    checked), and rejected values not yet dismissed. Three queries."""
    today = today or timezone.localdate()
    margin = conf.provider_margin()
    held = list(
        Rate.objects.filter(status=RateStatus.HELD)
        .select_related("currency")
        .order_by("-rate_date", "currency__code", "source")[:REVIEW_LIMIT]
    )
    compared = (
        Rate.objects.published()
        .filter(
            peer_units_per_usd__isnull=False,
            reviewed_at__isnull=True,
            rate_date__gte=today - dt.timedelta(days=DISAGREEMENT_DAYS),
        )
        .select_related("currency")
        .order_by("-rate_date", "currency__code", "source")
    )
    disagreements = [rate for rate in compared if rate.peer_gap > margin]
    rejected = list(
        RejectedValue.objects.filter(dismissed_at__isnull=True).order_by(
            "-last_seen_at", "currency"
        )[:REVIEW_LIMIT]
    )
    return ReviewQueue(held, disagreements[:REVIEW_LIMIT], rejected, margin)
