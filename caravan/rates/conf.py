"""Every knob of the rates app, read from Django settings with documented defaults.

Settings (all optional):

CARAVAN_RATES_PROVIDERS      {"KZT": ["nbk", "cbr"], ..., "*": [...]} – fallback order
                             per currency; "*" serves any other tracked currency.
                             ProviderAssignment rows in the admin override it.
CARAVAN_RATES_JUMP_THRESHOLD "0.10" – a day-on-day move above this is held.
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
