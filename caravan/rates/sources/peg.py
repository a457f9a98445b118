"""Currencies pegged to the US dollar, modelled explicitly (no network).

TMT: 3.50 per USD since 2015-01-01 (Bloomberg, 2015-01-02, "Turkmenistan devalues
currency 19%"). Configurable with ``CARAVAN_RATES_PEGS``. The peg is both a provider
(source "peg") and a cross-check: a parsed rate for a pegged currency that strays from
the peg by more than ``CARAVAN_RATES_PEG_TOLERANCE`` is held for an editor.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import NoData, ParsedRates
from .http import HttpClient

NAME = "peg"
LABEL = "Official peg"
BASE = "USD"
HISTORY = True
TIMEZONE = "UTC"


def peg_for(code: str, day: dt.date) -> Decimal | None:
    """Units per USD fixed by a peg in force on ``day``, or None."""
    from caravan.rates import conf

    value = None
    for start, units_per_usd in conf.pegs().get(code, []):
        if start <= day:
            value = units_per_usd
    return value


def parse(payload: bytes) -> ParsedRates:  # pragma: no cover - nothing to download
    raise NoData("peg: nothing to parse, use fetch()")


def fetch(day: dt.date | None, *, client: HttpClient | None = None) -> ParsedRates:
    from caravan.rates import conf

    day = day or dt.date.today()
    parsed = ParsedRates(NAME, day, base=BASE)
    for code in conf.pegs():
        value = peg_for(code, day)
        if value is not None:
            parsed.rates[code] = value
    if not parsed.rates:
        raise NoData(f"peg: no peg in force on {day}")
    return parsed
