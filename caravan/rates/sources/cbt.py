"""Central Bank of Turkmenistan: ``https://cbt.tm/kurs/YYYY/DDMMYYYY.xml``.

``<cbt_currency_rate><date>20.05.2026</date><rate code="KZT"><rate_usd>471.44</rate_usd>
<multiplier>100</multiplier><rate_tmt>0.7424</rate_tmt>…``. ``rate_tmt`` is TMT per
``multiplier`` units; ``rate_usd`` follows market convention (units per USD for KZT,
USD per unit for EUR/GBP/AUD) with no flag saying which. We cross ``rate_tmt`` through
USD and then use whichever reading of ``rate_usd`` agrees with it (it has more digits);
if neither agrees within 2 %, the ``rate_tmt`` cross is kept. Dates are dd.mm.yyyy
since 2024, ISO before. The host is often unreachable from abroad; TMT then falls back
to the peg (sources/peg.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import (
    DECIMAL_CONTEXT,
    ParsedRates,
    ParseError,
    add_quotes,
    parse_day,
    parse_positive,
)
from .http import HttpClient
from .xmlutil import parse_xml, text

NAME = "cbt"
LABEL = "Central Bank of Turkmenistan"
BASE = "TMT"
URL = "https://cbt.tm/kurs/{year}/{ddmmyyyy}.xml"
HISTORY = True
TIMEZONE = "Asia/Ashgabat"
AGREE = Decimal("0.02")


def parse(payload: bytes) -> ParsedRates:
    root = parse_xml(payload, NAME)
    if root.tag != "cbt_currency_rate":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    parsed = ParsedRates(NAME, parse_day(text(root, "date")))
    rows = root.findall("rate")
    if not rows:
        raise ParseError(f"{NAME}: no <rate> elements")
    quotes = {
        (row.get("code") or "").upper(): (
            text(row, "rate_tmt"),
            text(row, "multiplier"),
        )
        for row in rows
    }
    add_quotes(parsed, BASE, quotes)
    for row in rows:
        code = (row.get("code") or "").upper()
        if code not in parsed.rates or code == BASE:
            continue
        try:
            rate_usd = parse_positive(text(row, "rate_usd"))
        except ValueError:
            continue
        crossed = parsed.rates[code]
        for candidate in (rate_usd, DECIMAL_CONTEXT.divide(Decimal(1), rate_usd)):
            if abs(candidate - crossed) / crossed <= AGREE:
                parsed.rates[code] = candidate
                break
    return parsed


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    day = day or dt.date.today()
    url = conf.url(NAME, URL).format(year=day.year, ddmmyyyy=day.strftime("%d%m%Y"))
    return parse(client.get(url))
