"""Central Bank of Uzbekistan: JSON array, every value a string, UZS per ``Nominal``.

``[{"Ccy":"USD","Nominal":"1","Rate":"12194.21","Date":"01.04.2026",…},…]``. ``Date``
is the day the rate is in force (set on D-1). Holds all five Central Asian currencies —
and, in the recorded file, a bad TMT (4037.68 UZS = 3.02 TMT/USD against the 3.50
peg), which the service's peg check holds back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from .base import ParsedRates, ParseError, add_quotes, check_payload, parse_day
from .http import HttpClient

NAME = "cbu"
LABEL = "Central Bank of Uzbekistan"
BASE = "UZS"
URL = "https://cbu.uz/en/arkhiv-kursov-valyut/json/all/{date}/"
LATEST_URL = "https://cbu.uz/en/arkhiv-kursov-valyut/json/"
HISTORY = True
TIMEZONE = "Asia/Tashkent"


def parse(payload: bytes) -> ParsedRates:
    payload = check_payload(payload, NAME)
    try:
        data = json.loads(payload.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{NAME}: not JSON: {exc}") from exc
    if not isinstance(data, list) or not data:
        raise ParseError(f"{NAME}: expected a non-empty JSON array")
    rows = [row for row in data if isinstance(row, dict)]
    dates = Counter(str(row.get("Date", "")) for row in rows)
    if not dates:
        raise ParseError(f"{NAME}: no currency objects")
    day = parse_day(dates.most_common(1)[0][0])
    parsed = ParsedRates(NAME, day)
    quotes = {}
    for row in rows:
        code = str(row.get("Ccy", "")).strip().upper()
        if parse_day(str(row.get("Date", ""))) != day:
            parsed.reject(
                code, row.get("Date"), "date differs from the rest of the file"
            )
            continue
        raw_rate = row.get("Rate")
        raw_nominal = row.get("Nominal")
        quotes[code] = (
            None if raw_rate is None else str(raw_rate),
            None if raw_nominal is None else str(raw_nominal),
        )
    return add_quotes(parsed, BASE, quotes)


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    if day is None:
        return parse(client.get(conf.url("cbu_latest", LATEST_URL)))
    return parse(client.get(conf.url(NAME, URL).format(date=day.isoformat())))
