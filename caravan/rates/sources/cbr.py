"""Central Bank of Russia ``XML_daily.asp``: RUB per ``Nominal``, comma decimals,
windows-1251, dd.mm.yyyy. The fallback for every currency: all five Central Asian
currencies are CBR *cross rates* against the rouble, crossed here through USD.

``VunitRate`` (RUB per 1 unit) is used when present, ``Value/Nominal`` otherwise. The
``ValCurs/@Date`` is the day the rate takes effect (set on the previous business day,
in force until the next one). ``parse_dynamic`` reads ``XML_dynamic.asp`` (one currency
over a date range, RUB per unit).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import ParsedRates, ParseError, add_quotes, parse_day, parse_positive
from .http import HttpClient
from .xmlutil import parse_xml, text

NAME = "cbr"
LABEL = "Central Bank of Russia (cross rate)"
BASE = "RUB"
URL = "https://www.cbr.ru/scripts/XML_daily.asp"
HISTORY = True
TIMEZONE = "Europe/Moscow"


def parse(payload: bytes) -> ParsedRates:
    root = parse_xml(payload, NAME)
    if root.tag != "ValCurs":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    parsed = ParsedRates(NAME, parse_day(root.get("Date")))
    quotes = {}
    for valute in root.findall("Valute"):
        code = (text(valute, "CharCode") or "").upper()
        unit = text(valute, "VunitRate")
        if unit:
            quotes[code] = (unit, "1")
        else:
            quotes[code] = (text(valute, "Value"), text(valute, "Nominal"))
    if not quotes:
        raise ParseError(f"{NAME}: no <Valute> elements")
    return add_quotes(parsed, BASE, quotes)


def parse_dynamic(payload: bytes) -> dict[dt.date, Decimal]:
    """RUB per 1 unit of the requested currency for each date in the range."""
    root = parse_xml(payload, NAME)
    if root.tag != "ValCurs":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    out: dict[dt.date, Decimal] = {}
    for record in root.findall("Record"):
        try:
            unit = text(record, "VunitRate")
            if unit:
                value = parse_positive(unit)
            else:
                value = parse_positive(text(record, "Value")) / parse_positive(
                    text(record, "Nominal")
                )
        except ValueError as exc:
            raise ParseError(f"{NAME}: bad record {record.get('Date')}: {exc}") from exc
        out[parse_day(record.get("Date"))] = value
    return out


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    params = {"date_req": day.strftime("%d/%m/%Y")} if day else None
    return parse(client.get(conf.url(NAME, URL), params=params))
