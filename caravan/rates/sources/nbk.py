"""National Bank of Kazakhstan: KZT per ``quant`` units, '.' decimals, dd.mm.yyyy.

``<rates><date>01.04.2026</date><item><title>USD</title><description>478.77</description>
<quant>1</quant>…</item>…</rates>``. The date is the day the rate is in force (the
KASE fixing of the previous business day). An empty ``<rates>`` (or an ``<info>``
note) means no data for that date.
"""

from __future__ import annotations

import datetime as dt

from .base import NoData, ParsedRates, ParseError, add_quotes, parse_day
from .http import HttpClient
from .xmlutil import parse_xml, text

NAME = "nbk"
LABEL = "National Bank of Kazakhstan"
BASE = "KZT"
URL = "https://nationalbank.kz/rss/get_rates.cfm"
HISTORY = True
TIMEZONE = "Asia/Almaty"


def parse(payload: bytes) -> ParsedRates:
    root = parse_xml(payload, NAME)
    if root.tag != "rates":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    items = root.findall("item")
    if not items:
        raise NoData(
            f"{NAME}: no rates in the document ({text(root, 'info') or 'empty'})"
        )
    parsed = ParsedRates(NAME, parse_day(text(root, "date")))
    quotes = {
        (text(item, "title") or "").upper(): (
            text(item, "description"),
            text(item, "quant"),
        )
        for item in items
    }
    return add_quotes(parsed, BASE, quotes)


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    params = {"fdate": day.strftime("%d.%m.%Y")} if day else None
    return parse(client.get(conf.url(NAME, URL), params=params))
