"""National Bank of the Kyrgyz Republic: KGS per ``Nominal``, comma decimals.

``daily.xml`` (USD, EUR, CNY, KZT, RUB) and ``weekly.xml`` (≈40 others incl. TJS, UZS,
TMT) share one shape: ``<CurrencyRates Date="24.05.2026"><Currency ISOCode="USD">
<Nominal>1</Nominal><Value>87,4500</Value></Currency>``. Declared windows-1251.
The Date attribute is the day the rate takes effect. Only the latest file exists as
XML (history is an HTML page), so ``fetch`` ignores the day and the stored date is
the file's own. The weekly file has no USD, so it is crossed through the daily USD.
"""

from __future__ import annotations

import datetime as dt

from .base import FetchError, ParsedRates, ParseError, add_quotes, logger, parse_day
from .http import HttpClient
from .xmlutil import parse_xml, text

NAME = "nbkr"
LABEL = "National Bank of the Kyrgyz Republic"
BASE = "KGS"
DAILY_URL = "https://www.nbkr.kg/XML/daily.xml"
WEEKLY_URL = "https://www.nbkr.kg/XML/weekly.xml"
HISTORY = False
TIMEZONE = "Asia/Bishkek"


def _quotes(payload: bytes):
    root = parse_xml(payload, NAME)
    if root.tag != "CurrencyRates":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    quotes = {
        (cur.get("ISOCode") or "").strip().upper(): (
            text(cur, "Value"),
            text(cur, "Nominal"),
        )
        for cur in root.findall("Currency")
    }
    if not quotes:
        raise ParseError(f"{NAME}: no <Currency> elements")
    return parse_day(root.get("Date")), quotes


def parse(payload: bytes, weekly: bytes | None = None) -> ParsedRates:
    """Parse daily.xml; with ``weekly`` also the weekly currencies, crossed through
    the daily USD (the daily date is used: weekly rates are valid for 7 days)."""
    day, quotes = _quotes(payload)
    if weekly is not None:
        _, weekly_quotes = _quotes(weekly)
        for code, quote in weekly_quotes.items():
            quotes.setdefault(code, quote)
    return add_quotes(ParsedRates(NAME, day), BASE, quotes)


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    daily = client.get(conf.url(NAME, DAILY_URL))
    weekly = None
    try:
        weekly = client.get(conf.url("nbkr_weekly", WEEKLY_URL))
        _quotes(weekly)
    except (FetchError, ParseError) as exc:  # the daily file alone is still useful
        logger.warning("rates: nbkr weekly file skipped: %s", exc)
        weekly = None
    return parse(daily, weekly)
