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
from django.utils.translation import gettext, pgettext

from . import conf
from .formatting import DISPLAY_DIGITS, change, inverse_change, significant
from .models import DisplayMode, RatesSettings
from .numbers import change_words
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
    """ "26 Nov", "26 ноября": the format is translated with the words."""
    return date_format(day, pgettext("day and month, short", "j M"))


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
    digits = max(latest.precision, DISPLAY_DIGITS)
    return {
        "code": latest.code,
        "pair": pair,
        # plain numbers and dates: the ticker is cached across languages, and
        # localized (with its spoken text) when rendered
        "value": significant(value, digits),
        "previous_value": previous and significant(prev_value, digits),
        "previous_day": previous and previous.rate_date,
        "change": moved.text,
        "arrow": moved.arrow,
        "direction": moved.direction,
        "magnitude": moved.magnitude,
        "rate_date": current.rate_date,
        "stale": stale,
        "as_of": short_date(current.rate_date),  # for its width; shown localized
        "source": current.source_label,
        "demo": current.is_demo,
    }


# How wide the ticker's items are, estimated from their text: CSS alone cannot
# tell whether a row overflows, so the ticker carries the width it needs (in em
# of its own font, rounded up to a step) and a container query per step starts
# the scroll only where the row is narrower than that. Widths are per character
# of the mixed capitals, digits and signs the items hold, plus the gaps between
# items; rounded up so that a near fit scrolls rather than clips.
CHAR_EM = 0.62
GAP_EM = 1.43  # 1.25rem in the ticker's 0.875rem font
FIT_STEP_EM = 2
FIT_MIN_EM = 20
FIT_MAX_EM = 160  # wider than any screen: always scroll


def item_chars(item: dict) -> int:
    text = f"{item['pair']} {item['value']} {item['arrow']} {item['change']}"
    if item.get("stale"):
        text += f" {item['as_of']}xxxxxx"  # "as of " in either language
    return len(text)


def fit_em(items: list[dict]) -> int:
    """The ticker row's estimated width in em, rounded up to ``FIT_STEP_EM``
    and kept within ``FIT_MIN_EM``..``FIT_MAX_EM`` (the CSS has one container
    query per step)."""
    width = sum(item_chars(item) * CHAR_EM for item in items)
    width += GAP_EM * max(0, len(items) - 1)
    steps = -(-int(width + 0.999) // FIT_STEP_EM)
    return min(FIT_MAX_EM, max(FIT_MIN_EM, steps * FIT_STEP_EM))


def localize(item: dict, number) -> dict:
    """The item as rendered in the active language: its numbers through
    ``number`` (the language's separators), its dates' month names, and the
    sentence a screen reader says."""
    value = number(item["value"])
    as_of = short_date(item["rate_date"])
    spoken = gettext("%(pair)s %(value)s, %(change)s") % {
        "pair": item["pair"],
        "value": value,
        "change": change_words(item["direction"], item["magnitude"]),
    }
    if item["previous_value"]:
        spoken += gettext(" from %(value)s on %(date)s") % {
            "value": number(item["previous_value"]),
            "date": short_date(item["previous_day"]),
        }
    if item["stale"]:
        spoken += gettext(", as of %(date)s") % {"date": as_of}
    return {**item, "value": value, "as_of": as_of, "spoken": spoken}


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
