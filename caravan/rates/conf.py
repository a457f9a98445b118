"""Every knob of the rates app, read from Django settings with documented defaults.

Settings (all optional):

CARAVAN_RATES_PROVIDERS      {"KZT": ["nbk", "cbr"], ..., "*": [...]} – fallback order
                             per currency; "*" serves any other tracked currency.
                             ProviderAssignment rows in the admin override it.
CARAVAN_RATES_JUMP_THRESHOLD "0.10" – a day-on-day move above this is held.
CARAVAN_RATES_VOLATILITY_SIGMAS "6" – a move beyond this many times the currency's
                             usual daily move (its last 30 moves) is held too ...
CARAVAN_RATES_VOLATILITY_FLOOR "0.02" – ... unless it is below this (rounding on calm
                             or pegged currencies is not news).
CARAVAN_RATES_VOLATILITY_MIN_MOVES 10 – fewer moves of history: fixed threshold only.
CARAVAN_RATES_REFERENCE_DAYS 30 – a currency with no published rate in this many days
                             before a new value is checked as if it were new.
CARAVAN_RATES_PROVIDER_MARGIN "0.03" – two providers further apart than this
                             disagree: a first value is held, the admin shows it.
CARAVAN_RATES_CHECK_PROVIDERS ["cbr", "cbu", "nbkr", "nbk"] – second providers asked
                             for a comparison after the currency's own chain (they
                             cross-list most currencies).
CARAVAN_RATES_PEER_DAYS      3 – a second provider's value counts if dated this close.
CARAVAN_RATES_MAX_DAYS_AHEAD 1 – a document dated more days after the bank's today
                             (or the date asked for) is rejected.
CARAVAN_RATES_MAX_DAYS_BEHIND 14 – ... or more days before the date asked for
                             (Russia's New Year holidays are the longest gap).
CARAVAN_RATES_PEG_TOLERANCE  "0.02" – a pegged currency further than this from its peg
                             is held.
CARAVAN_RATES_PEGS           {"TMT": [["2015-01-01", "3.50"]]}: units per USD from.
CARAVAN_RATES_URLS           {"nbk": "https://…"}: override a provider's endpoint.
CARAVAN_RATES_HTTP_TIMEOUT   (connect, read) seconds, default (5, 20).
CARAVAN_RATES_HTTP_RETRIES   2 extra attempts after the first.
CARAVAN_RATES_HTTP_BACKOFF   1.0 s before the first retry, doubled each time.
CARAVAN_RATES_DUE_TIME       "10:45" UTC: on business days run_due() fetches after it.
CARAVAN_RATES_RETRY_MINUTES  30 – after a failed run, wait this long before retrying.
CARAVAN_RATES_TRACKED        default tracked currencies when no site setting exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

DEFAULT_TRACKED = ["KGS", "KZT", "TJS", "UZS", "TMT"]

DEFAULT_PROVIDERS: dict[str, list[str]] = {
    "KZT": ["nbk", "cbr"],
    "KGS": ["nbkr", "cbr"],
    "UZS": ["cbu", "cbr"],
    "TJS": ["nbt", "cbr"],
    # The peg is the official rate; CBT's own file confirms it when reachable.
    "TMT": ["cbt", "peg"],
    # Any other ISO currency an editor starts tracking (RUB, CNY, EUR, AZN …).
    "*": ["cbr", "cbu", "nbk", "nbt"],
}

DEFAULT_PEGS: dict[str, list[tuple[str, str]]] = {
    # Bloomberg 2015-01-02 "Turkmenistan devalues currency 19%": 3.50 TMT per USD.
    "TMT": [("2015-01-01", "3.50")],
}


def _get(name: str, default):
    return getattr(settings, name, default)


def providers() -> dict[str, list[str]]:
    return dict(_get("CARAVAN_RATES_PROVIDERS", DEFAULT_PROVIDERS))


def jump_threshold() -> Decimal:
    return Decimal(str(_get("CARAVAN_RATES_JUMP_THRESHOLD", "0.10")))


def volatility_sigmas() -> Decimal:
    return Decimal(str(_get("CARAVAN_RATES_VOLATILITY_SIGMAS", "6")))


def volatility_floor() -> Decimal:
    return Decimal(str(_get("CARAVAN_RATES_VOLATILITY_FLOOR", "0.02")))


def volatility_min_moves() -> int:
    return int(_get("CARAVAN_RATES_VOLATILITY_MIN_MOVES", 10))


VOLATILITY_WINDOW = 30  # moves


def reference_days() -> int:
    return int(_get("CARAVAN_RATES_REFERENCE_DAYS", 30))


def provider_margin() -> Decimal:
    return Decimal(str(_get("CARAVAN_RATES_PROVIDER_MARGIN", "0.03")))


def check_providers() -> list[str]:
    return list(_get("CARAVAN_RATES_CHECK_PROVIDERS", ["cbr", "cbu", "nbkr", "nbk"]))


def peer_days() -> int:
    return int(_get("CARAVAN_RATES_PEER_DAYS", 3))


def max_days_ahead() -> int:
    return int(_get("CARAVAN_RATES_MAX_DAYS_AHEAD", 1))


def max_days_behind() -> int:
    return int(_get("CARAVAN_RATES_MAX_DAYS_BEHIND", 14))


def peg_tolerance() -> Decimal:
    return Decimal(str(_get("CARAVAN_RATES_PEG_TOLERANCE", "0.02")))


def pegs() -> dict[str, list[tuple[dt.date, Decimal]]]:
    raw = _get("CARAVAN_RATES_PEGS", DEFAULT_PEGS)
    out: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for code, periods in raw.items():
        out[code] = sorted(
            (dt.date.fromisoformat(str(start)), Decimal(str(value)))
            for start, value in periods
        )
    return out


def url(provider: str, default: str) -> str:
    return _get("CARAVAN_RATES_URLS", {}).get(provider, default)


def http_connect_timeout() -> float:
    return float(_get("CARAVAN_RATES_HTTP_TIMEOUT", (5, 20))[0])


def http_read_timeout() -> float:
    return float(_get("CARAVAN_RATES_HTTP_TIMEOUT", (5, 20))[1])


def http_retries() -> int:
    return int(_get("CARAVAN_RATES_HTTP_RETRIES", 2))


def http_backoff() -> float:
    return float(_get("CARAVAN_RATES_HTTP_BACKOFF", 1.0))


def due_time() -> dt.time:
    return dt.time.fromisoformat(str(_get("CARAVAN_RATES_DUE_TIME", "10:45")))


def retry_minutes() -> int:
    return int(_get("CARAVAN_RATES_RETRY_MINUTES", 30))


def default_tracked() -> list[str]:
    return list(_get("CARAVAN_RATES_TRACKED", DEFAULT_TRACKED))
