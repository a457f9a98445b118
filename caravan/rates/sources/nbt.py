"""National Bank of Tajikistan: CBR-like XML, TJS per ``Nominal``, ISO date, '.'.

``<ValCurs Date="2026-05-18"><Valute ID="840"><CharCode>USD</CharCode><Nominal>1
</Nominal><Value>9.3450</Value></Valute>…``. No NumCode; ``Valute/@ID`` is unreliable
(810 meant SUR then RUB), so CharCode is trusted. A date outside the archive silently
returns today's snapshot, so ``fetch`` checks the document date against the request:
an earlier document means no rate for that date; a later one goes to the service,
which rejects it (and shows it to the editors) as dated after the date asked for.
"""

from __future__ import annotations

import datetime as dt

from .base import NoData, ParsedRates, ParseError, add_quotes, parse_day
from .http import HttpClient
from .xmlutil import parse_xml, text

NAME = "nbt"
LABEL = "National Bank of Tajikistan"
BASE = "TJS"
URL = "https://www.nbt.tj/en/kurs/export_xml.php"
HISTORY = True
TIMEZONE = "Asia/Dushanbe"


def parse(payload: bytes) -> ParsedRates:
    root = parse_xml(payload, NAME)
    if root.tag != "ValCurs":
        raise ParseError(f"{NAME}: unexpected root <{root.tag}>")
    parsed = ParsedRates(NAME, parse_day(root.get("Date")))
    quotes = {
        (text(v, "CharCode") or "").upper(): (text(v, "Value"), text(v, "Nominal"))
        for v in root.findall("Valute")
    }
    if not quotes:
        raise ParseError(f"{NAME}: no <Valute> elements")
    return add_quotes(parsed, BASE, quotes)


def fetch(day: dt.date | None, *, client: HttpClient) -> ParsedRates:
    from caravan.rates import conf

    day = day or dt.date.today()
    params = {"date": day.isoformat(), "export": "xmlout"}
    parsed = parse(client.get(conf.url(NAME, URL), params=params))
    if parsed.rate_date < day:
        raise NoData(
            f"{NAME}: asked for {day}, got a document dated {parsed.rate_date}"
        )
    return parsed
