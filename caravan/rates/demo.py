"""Demo data: the recorded real payloads replayed through the real parsers, plus a
generated history labelled as demo data (source "demo", shown as "Demo data
(generated, not real rates)" wherever a source is shown).

The generated series is a seeded random walk (deterministic, so reloading is
idempotent) bent to pass exactly through every real recorded rate, 400 days back from
today; pegged currencies stay on their peg. Rows already stored are left alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import Rate, RateStatus
from .selectors import _best_per_day
from .services import (
    SIGNIFICANT,
    UNITS_PLACES,
    VALUE_PLACES,
    FetchReport,
    Peers,
    _round_sig,
    currency_for,
    invalidate_caches,
    store_parsed,
    tracked_currencies,
)
from .sources import DEMO, ParseError, cbr, cbt, cbu, nbk, nbkr, nbt
from .sources.base import DECIMAL_CONTEXT
from .sources.peg import peg_for

logger = logging.getLogger("caravan.rates")

PAYLOADS = Path(__file__).resolve().parent / "tests" / "data"
DAYS = 400
DAILY_VOLATILITY = 0.003  # 0.3 % a day
NOTE = "Demo data: generated random walk through the recorded real rates."


def _read(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def replay_recorded(codes: list[str]) -> FetchReport:
    """Parse every recorded payload with its provider's real parser and store it,
    each value checked as a fetched one is (the other payloads are its second
    providers)."""
    report = FetchReport(day=timezone.localdate())
    parsers = [
        (nbk.NAME, lambda: nbk.parse(_read("nbk_get_rates.xml"))),
        (cbu.NAME, lambda: cbu.parse(_read("cbu_all.json"))),
        (cbr.NAME, lambda: cbr.parse(_read("cbr_xml_daily.xml"))),
        (nbt.NAME, lambda: nbt.parse(_read("nbt_export.xml"))),
        (cbt.NAME, lambda: cbt.parse(_read("cbt_kurs.xml"))),
        (
            nbkr.NAME,
            lambda: nbkr.parse(_read("nbkr_daily.xml"), _read("nbkr_weekly.xml")),
        ),
    ]
    documents = []
    for name, parse in parsers:
        try:
            documents.append(parse())
        except (OSError, ParseError) as exc:
            logger.error("rates demo: %s payload not replayed: %s", name, exc)
            report.errors.append(f"{name}: {exc}")
            continue
        report.providers_ok.append(name)
    peers = Peers(documents)
    for parsed in documents:
        store_parsed(parsed, codes, report, peers=peers)
    return report


def _business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _series(
    code: str, days: list[dt.date], anchors: dict[dt.date, Decimal]
) -> dict[dt.date, Decimal]:
    """Seeded log-random walk, shifted piecewise-linearly to hit every anchor."""
    rng = random.Random(f"caravan-demo-{code}")  # noqa: S311 - demo data, not crypto
    walk, level = {}, 0.0
    for day in days:
        walk[day] = level
        level += rng.gauss(0, DAILY_VOLATILITY)
    points = sorted(
        (d, math.log(float(v)) - walk[d]) for d, v in anchors.items() if d in walk
    )
    if not points:
        return {}
    out = {}
    for day in days:
        before = [p for p in points if p[0] <= day]
        after = [p for p in points if p[0] >= day]
        if before and after and before[-1][0] != after[0][0]:
            (d0, s0), (d1, s1) = before[-1], after[0]
            frac = (day - d0).days / (d1 - d0).days
            shift = s0 + (s1 - s0) * frac
        else:
            shift = (before[-1] if before else after[0])[1]
        out[day] = anchors.get(day) or Decimal(repr(math.exp(walk[day] + shift)))
    return out


def generate_history(codes: list[str], *, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    days = _business_days(today - dt.timedelta(days=DAYS), today)
    created = 0
    for code in codes:
        currency = currency_for(code)
        rows = (
            Rate.objects.published()
            .filter(currency=currency)
            .exclude(source=DEMO)
            .values_list("rate_date", "value", "units_per_usd", "source")
        )
        # one real rate per date, from the currency's preferred source
        real = {p.rate_date: p.units_per_usd for p in _best_per_day(rows, code)}
        real = {d: v for d, v in real.items() if days[0] <= d <= today}
        peg = peg_for(code, today)
        if peg is not None:
            values = {day: peg_for(code, day) or peg for day in days}
        else:
            nearest = {_nearest_business_day(d, days): v for d, v in real.items()}
            values = _series(code, days, nearest)
        rows = []
        for day, units in values.items():
            units = _round_sig(Decimal(units), 8)
            value = _round_sig(DECIMAL_CONTEXT.divide(Decimal(1), units), SIGNIFICANT)
            rows.append(
                Rate(
                    currency=currency,
                    source=DEMO,
                    rate_date=day,
                    units_per_usd=units.quantize(UNITS_PLACES),
                    value=value.quantize(VALUE_PLACES),
                    status=RateStatus.PUBLISHED,
                    note=NOTE,
                )
            )
        before = Rate.objects.filter(currency=currency, source=DEMO).count()
        Rate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        created += Rate.objects.filter(currency=currency, source=DEMO).count() - before
    return created


def _nearest_business_day(day: dt.date, days: list[dt.date]) -> dt.date:
    return min(days, key=lambda d: abs((d - day).days))


def load_demo_rates(*, today: dt.date | None = None) -> str:
    """Replay the recorded payloads and generate the demo history. Idempotent.
    Returns a one-line summary (caravan.demo prints it)."""
    codes = tracked_currencies()
    with transaction.atomic():
        report = replay_recorded(codes)
        created = generate_history(codes, today=today)
        transaction.on_commit(invalidate_caches)
    summary = (
        f"replayed {', '.join(report.providers_ok)} ({len(report.stored)} stored, "
        f"{len(report.held)} held); {created} demo rows generated"
    )
    logger.info("rates demo: %s", summary)
    return summary
