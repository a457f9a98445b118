"""Write side of the rates app: fetching, validating and storing rates.

Network first, then one ``transaction.atomic`` block for the writes, so a fetch that
fails half-way stores nothing from the failed provider and never touches a stored
row: an existing (source, currency, rate_date) row is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import conf
from .iso4217 import describe
from .models import (
    Currency,
    FetchRun,
    ProviderAssignment,
    Rate,
    RatesSettings,
    RateStatus,
)
from .sources import REGISTRY, FetchError, NoData, ParsedRates, ParseError
from .sources.base import DECIMAL_CONTEXT
from .sources.http import HttpClient
from .sources.peg import peg_for

logger = logging.getLogger("caravan.rates")

CHAIN_CACHE_KEY = "rates:provider-chains:v1"
VALUE_PLACES = Decimal("1e-16")
UNITS_PLACES = Decimal("1e-10")
# Rounded to 12 significant digits so the value survives SQLite's float storage exactly.
SIGNIFICANT = 12


@dataclass
class FetchReport:
    day: dt.date
    stored: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    providers_ok: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Something could be fetched (the command's exit status is 0)."""
        return bool(self.providers_ok)

    def summary(self) -> str:
        parts = [f"rates {self.day}: stored {len(self.stored)}"]
        if self.unchanged:
            parts.append(f"already stored {len(self.unchanged)}")
        if self.held:
            parts.append("held " + ", ".join(self.held))
        if self.missing:
            parts.append("no rate for " + ", ".join(self.missing))
        if self.errors:
            parts.append("errors: " + "; ".join(self.errors))
        return ", ".join(parts)


# --- configuration -----------------------------------------------------------------


def tracked_currencies() -> list[str]:
    row = (
        RatesSettings.objects.filter(site__is_default_site=True)
        .values_list("tracked_currencies", flat=True)
        .first()
    )
    if not row:
        return conf.default_tracked()
    return [c.strip().upper() for c in row.split(",") if c.strip()]


def provider_chains() -> dict[str, list[str]]:
    """Settings merged with the admin's ProviderAssignment rows (cached)."""
    chains = cache.get(CHAIN_CACHE_KEY)
    if chains is None:
        chains = {
            k.upper() if k != "*" else k: list(v) for k, v in conf.providers().items()
        }
        for row in ProviderAssignment.objects.all():
            chains[row.currency] = row.provider_list()
        cache.set(CHAIN_CACHE_KEY, chains, 3600)
    return chains


def provider_chain(code: str) -> list[str]:
    chains = provider_chains()
    chain = chains.get(code, chains.get("*", []))
    return [name for name in chain if name in REGISTRY]


def invalidate_ticker() -> None:
    from .selectors import invalidate_ticker as drop

    drop()


def invalidate_caches() -> None:
    cache.delete(CHAIN_CACHE_KEY)
    invalidate_ticker()


# --- storing -------------------------------------------------------------------------


def currency_for(code: str) -> Currency:
    numeric, name, symbol = describe(code)
    currency, _ = Currency.objects.get_or_create(
        code=code, defaults={"numeric_code": numeric, "name": name, "symbol": symbol}
    )
    return currency


def _round_sig(value: Decimal, digits: int) -> Decimal:
    return value.normalize(Context(prec=digits))


def _previous(currency: Currency, source: str, day: dt.date) -> Rate | None:
    """The last published rate before ``day``: same source first, else any real one
    from the previous week (demo rows are never a reference)."""
    earlier = Rate.objects.published().filter(currency=currency, rate_date__lt=day)
    same = earlier.filter(source=source).order_by("-rate_date").first()
    if same is not None:
        return same
    return (
        earlier.exclude(source="demo")
        .filter(rate_date__gte=day - dt.timedelta(days=7))
        .order_by("-rate_date")
        .first()
    )


def validate(
    code: str,
    source: str,
    day: dt.date,
    units_per_usd: Decimal,
    currency: Currency | None,
) -> str:
    """Why the rate must be held for an editor, or "" when it can be published."""
    peg = peg_for(code, day)
    if peg is not None and source != "peg":
        deviation = abs(units_per_usd / peg - 1)
        if deviation > conf.peg_tolerance():
            return (
                f"{units_per_usd.normalize():f} {code} per USD is {deviation:.1%} away "
                f"from the {peg} peg"
            )
    previous = _previous(currency, source, day) if currency else None
    if previous is not None:
        change = abs(units_per_usd / previous.units_per_usd - 1)
        if change > conf.jump_threshold():
            return (
                f"moved {change:.1%} from {previous.units_per_usd.normalize():f} "
                f"({previous.source}, {previous.rate_date}); threshold "
                f"{conf.jump_threshold():.0%}"
            )
    return ""


def store_rate(
    *,
    code: str,
    source: str,
    day: dt.date,
    units_per_usd: Decimal,
    fetched_at: dt.datetime | None = None,
) -> tuple[str, Rate]:
    """Store one rate; returns ("stored" | "held" | "unchanged", rate).

    An existing row for (source, currency, day) is kept as it is, whatever the new
    value says (a differing value is logged, never written).
    """
    if not units_per_usd.is_finite() or units_per_usd <= 0:
        raise ValueError(f"{code}: non-positive rate {units_per_usd}")
    currency = currency_for(code)
    units = _round_sig(units_per_usd, 15).quantize(UNITS_PLACES)
    existing = Rate.objects.filter(
        currency=currency, source=source, rate_date=day
    ).first()
    if existing is not None:
        if existing.units_per_usd != units:
            logger.warning(
                "rates: %s %s %s: new value %s differs from stored %s; kept stored",
                source,
                code,
                day,
                units,
                existing.units_per_usd,
            )
        return "unchanged", existing
    value = _round_sig(DECIMAL_CONTEXT.divide(Decimal(1), units_per_usd), SIGNIFICANT)
    reason = validate(code, source, day, units_per_usd, currency)
    rate = Rate.objects.create(
        currency=currency,
        source=source,
        rate_date=day,
        units_per_usd=units,
        value=value.quantize(VALUE_PLACES),
        status=RateStatus.HELD if reason else RateStatus.PUBLISHED,
        note=reason,
        fetched_at=fetched_at or timezone.now(),
    )
    if reason:
        logger.warning("rates: %s %s %s held: %s", source, code, day, reason)
        return "held", rate
    return "stored", rate


def store_parsed(parsed: ParsedRates, codes: list[str], report: FetchReport) -> None:
    for code in codes:
        if code in parsed.rates:
            outcome, _ = store_rate(
                code=code,
                source=parsed.source,
                day=parsed.rate_date,
                units_per_usd=parsed.rates[code],
            )
            getattr(report, outcome).append(
                f"{code} {parsed.source} {parsed.rate_date}"
            )


# --- fetching ------------------------------------------------------------------------


def _download(
    name: str, day: dt.date, client: HttpClient, report: FetchReport, latest: bool
) -> ParsedRates | None:
    module = REGISTRY[name]
    if not module.HISTORY and not latest:
        report.errors.append(f"{name}: has no history for {day}")
        return None
    try:
        parsed = module.fetch(None if latest and name != "peg" else day, client=client)
    except NoData as exc:
        logger.info("rates: %s", exc)
        report.errors.append(str(exc))
        return None
    except (FetchError, ParseError) as exc:
        logger.error("rates: %s fetch for %s failed: %s", name, day, exc)
        report.errors.append(f"{name}: {exc}")
        return None
    report.providers_ok.append(name)
    return parsed


def rates_fetch(
    *,
    day: dt.date | None = None,
    client: HttpClient | None = None,
    codes: list[str] | None = None,
    now: dt.datetime | None = None,
) -> FetchReport:
    """Fetch the rates in force on ``day`` (default: today, each provider's latest)
    for every tracked currency, walking each currency's provider chain until one
    provider gives a publishable rate. Returns a report; never raises on network or
    format errors (they are logged and listed in the report)."""
    latest = day is None
    day = day or timezone.localdate()
    client = client or HttpClient.from_settings()
    codes = codes or tracked_currencies()
    report = FetchReport(day=day)
    run = FetchRun.objects.create(day=day, started_at=now or timezone.now())
    downloaded: dict[str, ParsedRates | None] = {}
    plan: list[tuple[str, ParsedRates]] = []
    for code in codes:
        for name in provider_chain(code):
            if name not in downloaded:
                downloaded[name] = _download(name, day, client, report, latest)
            parsed = downloaded[name]
            if parsed is None or code not in parsed.rates:
                continue
            plan.append((code, parsed))
            if _would_publish(code, parsed):
                break
        else:
            if not any(c == code for c, _ in plan):
                report.missing.append(code)
    with transaction.atomic():
        for code, parsed in plan:
            store_parsed(parsed, [code], report)
        transaction.on_commit(invalidate_ticker)
    run.finished_at = timezone.now()
    run.ok = report.ok
    run.stored = len(report.stored)
    run.held = len(report.held)
    run.message = report.summary()[:2000]
    run.save()
    log = logger.info if report.ok else logger.error
    log("rates: %s", report.summary())
    return report


def _would_publish(code: str, parsed: ParsedRates) -> bool:
    currency = Currency.objects.filter(code=code).first()
    existing = (
        Rate.objects.filter(
            currency=currency, source=parsed.source, rate_date=parsed.rate_date
        ).first()
        if currency
        else None
    )
    if existing is not None:
        return existing.status == RateStatus.PUBLISHED
    units = parsed.rates[code]
    return not validate(code, parsed.source, parsed.rate_date, units, currency)


def rates_backfill(
    *, days: int, end: dt.date | None = None, client: HttpClient | None = None
) -> list[FetchReport]:
    """Fetch each of the ``days`` days up to ``end`` (default today), oldest first."""
    end = end or timezone.localdate()
    client = client or HttpClient.from_settings()
    return [
        rates_fetch(day=end - dt.timedelta(days=offset), client=client)
        for offset in range(days - 1, -1, -1)
    ]
