"""Shared types and helpers for the rate providers.

Every provider module exposes (besides ``LABEL``, ``HISTORY``: whether past dates can
be asked for, and ``TIMEZONE``: the bank's own, for its calendar day):

* ``NAME`` – the source key stored on each Rate (``"nbk"``, ``"cbr"`` …);
* ``parse(payload: bytes) -> ParsedRates`` – pure, no I/O, no Django;
* ``fetch(day: date | None, *, client: HttpClient) -> ParsedRates``.

``ParsedRates.rates`` maps ISO code -> **units of that currency per 1 USD**, computed
with Decimal only (never float). ``usd_per_unit`` gives the inverse. ``rate_date`` is
the date the rates *take effect* (the banks publish on day D the rate in force on D+1;
every file here is stamped with the in-force date, see tests/data/SOURCES.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation

logger = logging.getLogger("caravan.rates")

# 28 significant digits: plenty for a quotient of two published 4-6 digit numbers.
DECIMAL_CONTEXT = Context(prec=28)
# A quote with fewer significant digits than this is too coarse to publish
# (NBK prints JPY as "3" per 1 yen: ±17 %).
MIN_SIGNIFICANT_DIGITS = 2

# Plain decimals with '.' or ',' and an optional exponent (CBR prints IRR as
# "5,39256E-05"); no thousands separators, NaN or Infinity.
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d{1,3})?$")
# Bounds on one published number (a quote "per Nominal units", or the Nominal). The
# real extremes are a few digits each way: IRR is "5,39256E-05" RUB, UZS "0,0073"
# KGS, a Nominal 10000. Anything past these is a broken or hostile payload, and
# would otherwise overflow the 28-digit arithmetic (1.5e30 raised InvalidOperation
# out of the fetch and cost every other currency its rate).
MAX_NUMBER_CHARS = 32
MAX_NUMBER_DIGITS = 20
MIN_EXPONENT = -12  # 1e-12 is the smallest magnitude accepted ...
MAX_EXPONENT = 12  # ... and 9.99e12 the largest
# A rate crossed to units per US dollar outside these is not a currency anyone
# quotes: the strongest (KWD) is ~0.3 per dollar, the weakest in use (IRR) ~10^6.
# The bounds also keep every accepted rate storable (Rate.value/units_per_usd).
MIN_UNITS_PER_USD = Decimal("0.001")
MAX_UNITS_PER_USD = Decimal("1e9")


class ParseError(ValueError):
    """The payload as a whole is not what the provider publishes."""


class FetchError(RuntimeError):
    """The payload could not be downloaded (network, HTTP status, size)."""


class NoData(FetchError):
    """The source answered but has no rates for the date asked (weekend, holiday)."""


@dataclass
class Rejected:
    currency: str
    raw: str
    reason: str


@dataclass
class ParsedRates:
    source: str
    rate_date: dt.date
    rates: dict[str, Decimal] = field(default_factory=dict)  # units per 1 USD
    rejected: list[Rejected] = field(default_factory=list)
    base: str = ""  # the provider's own currency (quotes are "base per N units")

    def usd_per_unit(self, code: str) -> Decimal:
        return DECIMAL_CONTEXT.divide(Decimal(1), self.rates[code])

    def reject(self, currency: str, raw: object, reason: str) -> None:
        self.rejected.append(Rejected(currency, str(raw)[:80], reason))
        logger.warning(
            "rates: %s %s: rejected %s value %r: %s",
            self.source,
            self.rate_date,
            currency,
            str(raw)[:80],
            reason,
        )


def parse_decimal(raw: str | None) -> Decimal:
    """Parse "87,4500" / "478.77" / " 3.93 " / "5,39256E-05" into a Decimal.

    ValueError (with the reason) for anything else: not a number, NaN/Infinity,
    more than MAX_NUMBER_DIGITS digits, or a magnitude outside 1e-12..1e13.
    """
    if raw is None:
        raise ValueError("missing")
    text = raw.strip().replace("\u00a0", "")
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"too long for a rate ({len(text)} characters)")
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {raw!r}")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - regex already guards
        raise ValueError(f"not a number: {raw!r}") from exc
    if not value.is_finite():  # pragma: no cover - regex already guards
        raise ValueError(f"not a finite number: {raw!r}")
    digits = value.as_tuple().digits
    if len(digits) > MAX_NUMBER_DIGITS:
        raise ValueError(f"more than {MAX_NUMBER_DIGITS} digits: {raw!r}")
    if value and not MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise ValueError(
            f"out of range: {raw!r} (a rate lies between 1e{MIN_EXPONENT} and "
            f"1e{MAX_EXPONENT + 1})"
        )
    return value


def parse_positive(raw: str | None) -> Decimal:
    value = parse_decimal(raw)
    if value <= 0:
        raise ValueError(f"not positive: {raw!r}")
    return value


def significant_digits(value: Decimal) -> int:
    digits = value.normalize().as_tuple().digits
    return len(digits)


def parse_day(raw: str | None) -> dt.date:
    """dd.mm.yyyy (NBK, NBKR, CBU, CBR, CBT since 2024) or ISO yyyy-mm-dd (NBT, CBT)."""
    text = (raw or "").strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"not a date: {raw!r}")


def add_quotes(
    parsed: ParsedRates,
    base: str,
    quotes: dict[str, tuple[str | None, str | None]],
) -> ParsedRates:
    """Fill ``parsed.rates`` from "base currency per Nominal units" quotes.

    ``quotes`` maps ISO code -> (raw value, raw nominal). The base currency per USD is
    the USD quote; every other currency X per USD = (base per USD) / (base per 1 X).
    The base currency itself is base-per-USD. Bad values are rejected one by one.
    """
    parsed.base = base
    per_unit: dict[str, Decimal] = {}
    for code, (raw_value, raw_nominal) in quotes.items():
        if not re.fullmatch(r"[A-Z]{3}", code or ""):
            parsed.reject(code or "?", code, "not an ISO 4217 code")
            continue
        try:
            value = parse_positive(raw_value)
            nominal = parse_positive(raw_nominal or "1")
        except ValueError as exc:
            parsed.reject(code, raw_value, str(exc))
            continue
        if significant_digits(value) < MIN_SIGNIFICANT_DIGITS:
            parsed.reject(code, raw_value, "too few significant digits to publish")
            continue
        per_unit[code] = DECIMAL_CONTEXT.divide(value, nominal)
    if "USD" not in per_unit:
        raise ParseError(f"{parsed.source}: no valid USD quote, cannot cross to USD")
    base_per_usd = per_unit.pop("USD")
    if not plausible(base_per_usd):
        raise ParseError(
            f"{parsed.source}: USD quote {base_per_usd:f} {base} is not a plausible "
            "rate, cannot cross to USD"
        )
    parsed.rates[base] = base_per_usd
    for code, base_per_x in per_unit.items():
        if code == base:
            continue
        units_per_usd = DECIMAL_CONTEXT.divide(base_per_usd, base_per_x)
        if not plausible(units_per_usd):
            raw_value, raw_nominal = quotes[code]
            parsed.reject(
                code,
                raw_value,
                f"{units_per_usd:.6g} {code} per US dollar (per {raw_nominal or 1}) "
                f"is outside {MIN_UNITS_PER_USD}..{MAX_UNITS_PER_USD:f}",
            )
            continue
        parsed.rates[code] = units_per_usd
    return parsed


def plausible(units_per_usd: Decimal) -> bool:
    """Within the range any real currency is quoted in (and storable)."""
    return (
        units_per_usd.is_finite()
        and MIN_UNITS_PER_USD <= units_per_usd <= MAX_UNITS_PER_USD
    )


def check_payload(payload: bytes, source: str) -> bytes:
    if not isinstance(payload, bytes | bytearray):
        raise ParseError(f"{source}: payload must be bytes")
    if not payload.strip():
        raise ParseError(f"{source}: empty payload")
    return bytes(payload)
