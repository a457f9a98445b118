"""The ticker's data: computed once, cached until new rates are stored.

Cache miss: one query for the site setting, one for the rates (the provider chains
are cached separately). Cache hit: no query. The cache entry is dropped (not rebuilt)
when rates change, so storing rates never re-renders pages synchronously.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateformat import format as date_format

from . import conf
from .formatting import change, format_rate, inverse_change
from .models import DisplayMode, RatesSettings
from .selectors import TICKER_CACHE_KEY, latest_rates

STALE_AFTER_DAYS = 3  # a Friday rate is still current on Monday


def display_settings() -> tuple[list[str], str]:
    row = (
        RatesSettings.objects.filter(site__is_default_site=True)
        .values_list("tracked_currencies", "display_mode")
        .first()
    )
    if not row:
        return conf.default_tracked(), DisplayMode.USD_PER_UNIT
    codes = [c.strip().upper() for c in row[0].split(",") if c.strip()]
    return codes, row[1]


def short_date(day: dt.date) -> str:
    return date_format(day, "j M")


def ticker_item(latest, mode: str, today: dt.date) -> dict:
    current, previous = latest.current, latest.previous
    fraction = latest.change
    if mode == DisplayMode.UNITS_PER_USD:
        pair = f"USD/{latest.code}"
        value, prev_value = current.units_per_usd, previous and previous.units_per_usd
        fraction = inverse_change(fraction)
    else:
        pair = f"{latest.code}/USD"
        value, prev_value = current.value, previous and previous.value
    moved = change(fraction)
    stale = (today - current.rate_date).days > STALE_AFTER_DAYS
    text = f"{format_rate(value, latest.precision)}"
    spoken = f"{pair} {text}, {moved.words}"
    if previous is not None:
        spoken += (
            f" from {format_rate(prev_value, latest.precision)}"
            f" on {short_date(previous.rate_date)}"
        )
    if stale:
        spoken += f", as of {short_date(current.rate_date)}"
    return {
        "code": latest.code,
        "pair": pair,
        "value": text,
        "change": moved.text,
        "arrow": moved.arrow,
        "direction": moved.direction,
        "words": moved.words,
        "spoken": spoken,
        "rate_date": current.rate_date,
        "stale": stale,
        "as_of": short_date(current.rate_date),
        "source": current.source_label,
        "demo": current.is_demo,
    }


def ticker_data(*, today: dt.date | None = None, fresh: bool = False) -> dict:
    """``fresh``: read the rates even when the shared cache has them (a copy kept
    under the "ticker" purge tag must not be rebuilt from an entry that the
    change bumping that tag is about to drop)."""
    today = today or timezone.localdate()
    cached = None if fresh else cache.get(TICKER_CACHE_KEY)
    if cached is not None and cached["today"] == today:
        return cached
    codes, mode = display_settings()
    items = [
        ticker_item(r, mode, today) for r in latest_rates(today=today, codes=codes)
    ]
    data = {
        "today": today,
        "items": items,
        "mode": mode,
        "demo": any(item["demo"] for item in items),
    }
    cache.set(TICKER_CACHE_KEY, data, 6 * 3600)
    return data
