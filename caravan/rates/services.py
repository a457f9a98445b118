"""Write side of the rates app: fetching, validating and storing rates.

Each provider's document is downloaded whole and parsed before any of its values is
stored, so a fetch that fails half-way stores nothing from the failed provider. Each
currency is then judged and stored on its own (its own transaction): a value that
cannot be stored is rejected alone and never costs the others their rates.

What is refused before storing (unreadable or implausible values, documents dated in
the future or far from the date asked for) is kept as a RejectedValue for the
editors; what is stored but must not be shown yet (a first value no second provider
confirms, an unusual move, a value off its peg) is stored HELD with both values. A
published or held (source, currency, rate_date) row is never overwritten; a row an
editor discarded gives way to a new, different value.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Context, Decimal
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from . import checks, conf
from .checks import Limits, Quote
from .iso4217 import describe
from .models import (
    Currency,
    FetchRun,
    ProviderAssignment,
    Rate,
    RatesSettings,
    RateStatus,
    RejectedValue,
)
from .sources import DEMO, REGISTRY, FetchError, NoData, ParsedRates, ParseError
from .sources.base import DECIMAL_CONTEXT, plausible
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
    rejected: list[str] = field(default_factory=list)
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
        if self.rejected:
            parts.append("rejected " + "; ".join(self.rejected))
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


def rate_values(units_per_usd: Decimal) -> tuple[Decimal, Decimal]:
    """(units_per_usd, value) as stored; ValueError when they cannot be."""
    if not plausible(units_per_usd):
        raise ValueError(f"{units_per_usd} units per US dollar is not a plausible rate")
    units = _round_sig(units_per_usd, 15).quantize(UNITS_PLACES)
    value = _round_sig(DECIMAL_CONTEXT.divide(Decimal(1), units_per_usd), SIGNIFICANT)
    return units, value.quantize(VALUE_PLACES)


def rejection_record(
    *,
    source: str,
    code: str,
    rate_date: dt.date,
    raw: str,
    reason: str,
    units_per_usd: Decimal | None = None,
    now: dt.datetime | None = None,
) -> RejectedValue:
    """Keep a refused value for the editors (once; seeing it again counts it)."""
    now = now or timezone.now()
    if units_per_usd is not None:
        try:
            units_per_usd = rate_values(units_per_usd)[0]
        except (ValueError, ArithmeticError):
            units_per_usd = None  # the raw text is all there is to show
    key = {
        "source": source,
        "currency": (code or "?")[:8],
        "rate_date": rate_date,
        "raw": str(raw)[:80],
    }
    with transaction.atomic():
        rejected, created = RejectedValue.objects.get_or_create(
            **key,
            defaults={
                "reason": reason,
                "units_per_usd": units_per_usd,
                "first_seen_at": now,
                "last_seen_at": now,
            },
        )
        if not created:
            RejectedValue.objects.filter(pk=rejected.pk).update(
                times_seen=F("times_seen") + 1, last_seen_at=now, reason=reason
            )
    return rejected


class Peers:
    """Other providers' values for a currency, to check a value against. This base
    knows a fixed set of parsed documents (the demo's replay); ``Downloads``
    fetches them on demand."""

    def __init__(self, documents: Iterable[ParsedRates] = ()):
        self.documents = list(documents)

    def candidates(self, code: str) -> Iterable[ParsedRates | None]:
        return self.documents

    def find(self, code: str, quote: Quote, limit: int) -> list[Quote]:
        """Up to ``limit`` values from other providers dated within
        CARAVAN_RATES_PEER_DAYS of the quote, nearest provider first."""
        found: list[Quote] = []
        for parsed in self.candidates(code):
            if len(found) >= limit:
                break
            if (
                parsed is None
                or parsed.source in (quote.source, "peg", DEMO)
                or code not in parsed.rates
                or abs((parsed.rate_date - quote.rate_date).days) > conf.peer_days()
            ):
                continue
            found.append(Quote(parsed.source, parsed.rate_date, parsed.rates[code]))
        return found


@dataclass
class Judgment:
    status: str
    note: str
    previous: Quote | None
    peer: Quote | None


def _history(currency: Currency, quote: Quote) -> list[Quote]:
    """The currency's published real rates before the quote's date (demo rows are
    never a reference), one per date, oldest first: the quote's own source when it
    has enough of them, else the best source each day."""
    window = max(conf.reference_days(), 2 * conf.VOLATILITY_WINDOW)
    rows = (
        Rate.objects.published()
        .filter(
            currency=currency,
            rate_date__lt=quote.rate_date,
            rate_date__gte=quote.rate_date - dt.timedelta(days=window),
        )
        .exclude(source=DEMO)
        .order_by("-rate_date")
        .values_list("source", "rate_date", "units_per_usd")[:300]
    )
    quotes = [Quote(*row) for row in rows][::-1]
    same = [q for q in quotes if q.source == quote.source]
    if len(same) > conf.volatility_min_moves():
        return same[-(conf.VOLATILITY_WINDOW + 1) :]
    chain = provider_chain(currency.code)
    rank = {name: i for i, name in enumerate(chain)}
    best: dict[dt.date, Quote] = {}
    for q in quotes:
        held = best.get(q.rate_date)
        mine = (q.source != quote.source, rank.get(q.source, 100))
        if held is None or mine < (
            held.source != quote.source,
            rank.get(held.source, 100),
        ):
            best[q.rate_date] = q
    return [best[d] for d in sorted(best)][-(conf.VOLATILITY_WINDOW + 1) :]


def judge(
    code: str, quote: Quote, currency: Currency, *, peers: Peers | None = None
) -> Judgment:
    """Whether a new value can be published, and what it was compared with."""
    if quote.source == DEMO:  # generated here, labelled on the site; nothing to check
        return Judgment(RateStatus.PUBLISHED, "", None, None)
    limits = Limits.from_settings()
    reasons: list[str] = []
    peg = peg_for(code, quote.rate_date)
    if problem := checks.peg_problem(quote, peg, limits.peg_tolerance):
        reasons.append(problem)
    history = _history(currency, quote)
    since = quote.rate_date - dt.timedelta(days=conf.reference_days())
    recent = [q for q in history if q.rate_date >= since]
    own = [q for q in recent if q.source == quote.source]
    previous = (own or recent or [None])[-1]
    first = previous is None and peg is None and quote.source != "peg"
    # A pegged currency is judged against its peg, not other providers.
    found = (
        peers.find(code, quote, limit=2 if first else 1)
        if peers is not None and quote.source != "peg" and peg is None
        else []
    )
    peer = found[0] if found else None
    if first:
        problem, peer = checks.first_value_problem(quote, found, limits.provider_margin)
        if problem:
            reasons.append(problem)
    elif spread := checks.disagreement(quote, peer, limits.provider_margin):
        logger.warning(
            "rates: %s %s %s: %s gives %s, %s apart (margin %s)",
            quote.source,
            code,
            quote.rate_date,
            peer.source,
            checks.number(peer.units_per_usd),
            checks.pct(spread),
            checks.pct(limits.provider_margin),
        )
    if previous is not None:
        if problem := checks.move_problem(quote, previous, history, limits):
            reasons.append(problem)
    if peg is not None and quote.source != "peg":
        peer = Quote("peg", quote.rate_date, peg)  # the value it was judged against
    status = RateStatus.HELD if reasons else RateStatus.PUBLISHED
    return Judgment(status, "; ".join(reasons), previous, peer)


def store_quote(
    code: str,
    quote: Quote,
    *,
    peers: Peers | None = None,
    fetched_at: dt.datetime | None = None,
) -> tuple[str, Rate | None]:
    """Judge and store one value; returns ("stored" | "held" | "unchanged" |
    "rejected", rate). An implausible value is kept as a RejectedValue."""
    fetched_at = fetched_at or timezone.now()
    try:
        units, value = rate_values(quote.units_per_usd)
        # The fetch refuses such documents first (checks.date_problem, in the
        # bank's time zone); this keeps any other caller from storing a row that
        # would block that day's real value. Banks' days run at most one day
        # ahead of UTC, and they publish at most one day ahead.
        latest_date = fetched_at.astimezone(dt.UTC).date() + dt.timedelta(days=2)
        if quote.rate_date > latest_date:
            raise ValueError(
                f"dated {quote.rate_date}, more than two days after it was fetched"
            )
    except (ValueError, ArithmeticError) as exc:
        logger.warning(
            "rates: %s %s %s: rejected %s: %s",
            quote.source,
            code,
            quote.rate_date,
            quote.units_per_usd,
            exc,
        )
        rejection_record(
            source=quote.source,
            code=code,
            rate_date=quote.rate_date,
            raw=str(quote.units_per_usd),
            reason=str(exc),
            now=fetched_at,
        )
        return "rejected", None
    currency = currency_for(code)
    existing = Rate.objects.filter(
        currency=currency, source=quote.source, rate_date=quote.rate_date
    ).first()
    if existing is not None and (
        existing.status != RateStatus.REJECTED or existing.units_per_usd == units
    ):
        if existing.units_per_usd != units:
            logger.warning(
                "rates: %s %s %s: new value %s differs from stored %s; kept stored",
                quote.source,
                code,
                quote.rate_date,
                units,
                existing.units_per_usd,
            )
        return "unchanged", existing
    judgment = judge(code, quote, currency, peers=peers)
    previous, peer = judgment.previous, judgment.peer
    fields = {
        "units_per_usd": units,
        "value": value,
        "status": judgment.status,
        "note": judgment.note,
        "fetched_at": fetched_at,
        "confirmed_at": None,
        "reviewed_at": None,
        "reviewed_by": None,
        "previous_units_per_usd": previous and previous.units_per_usd,
        "previous_date": previous and previous.rate_date,
        "previous_source": previous.source if previous else "",
        "peer_units_per_usd": peer and peer.units_per_usd,
        "peer_date": peer and peer.rate_date,
        "peer_source": peer.source if peer else "",
    }
    with transaction.atomic():
        if existing is not None:  # discarded by an editor: the new value replaces it
            logger.info(
                "rates: %s %s %s: %s replaces the discarded %s",
                quote.source,
                code,
                quote.rate_date,
                units,
                existing.units_per_usd,
            )
            for name, field_value in fields.items():
                setattr(existing, name, field_value)
            existing.save()
            rate = existing
        else:
            rate = Rate.objects.create(
                currency=currency,
                source=quote.source,
                rate_date=quote.rate_date,
                **fields,
            )
    if judgment.status == RateStatus.HELD:
        logger.warning(
            "rates: %s %s %s held: %s", quote.source, code, quote.rate_date, rate.note
        )
        return "held", rate
    return "stored", rate


def store_rate(
    *,
    code: str,
    source: str,
    day: dt.date,
    units_per_usd: Decimal,
    fetched_at: dt.datetime | None = None,
    peers: Peers | None = None,
) -> tuple[str, Rate | None]:
    """Store one rate; returns ("stored" | "held" | "unchanged" | "rejected", rate).

    An existing published or held row for (source, currency, day) is kept as it is,
    whatever the new value says (a differing value is logged, never written).
    """
    if not units_per_usd.is_finite() or units_per_usd <= 0:
        raise ValueError(f"{code}: non-positive rate {units_per_usd}")
    return store_quote(
        code, Quote(source, day, units_per_usd), peers=peers, fetched_at=fetched_at
    )


def _store_reported(
    code: str,
    parsed: ParsedRates,
    report: FetchReport,
    *,
    peers: Peers | None,
    now: dt.datetime | None = None,
) -> Rate | None:
    """Store one currency from a document, into the report; nothing it does wrong
    reaches the other currencies."""
    label = f"{code} {parsed.source} {parsed.rate_date}"
    try:
        outcome, rate = store_quote(
            code,
            Quote(parsed.source, parsed.rate_date, parsed.rates[code]),
            peers=peers,
            fetched_at=now,
        )
    except DatabaseError as exc:
        logger.exception("rates: %s could not be stored", label)
        report.errors.append(f"{label}: not stored ({type(exc).__name__})")
        return None
    if outcome == "rejected":
        report.rejected.append(label)
    else:
        getattr(report, outcome).append(label)
    return rate


def store_parsed(
    parsed: ParsedRates,
    codes: list[str],
    report: FetchReport,
    *,
    peers: Peers | None = None,
) -> None:
    for code in codes:
        if code in parsed.rates:
            _store_reported(code, parsed, report, peers=peers)


# --- fetching ------------------------------------------------------------------------


class Downloads(Peers):
    """Each provider's document for one run: downloaded once, when first needed,
    and refused whole when its date is in the future or far from the one asked
    for. Refusals, and the values its parser refused, are kept for the editors
    (only for the run's currencies: NBK's JPY is refused every day)."""

    def __init__(
        self,
        *,
        day: dt.date,
        latest: bool,
        client: HttpClient,
        report: FetchReport,
        codes: list[str],
        now: dt.datetime,
    ):
        super().__init__()
        self.day, self.latest, self.client = day, latest, client
        self.report, self.codes, self.now = report, codes, now
        self.cache: dict[str, ParsedRates | None] = {}

    def get(self, name: str) -> ParsedRates | None:
        if name not in self.cache:
            self.cache[name] = self._download(name)
        return self.cache[name]

    def candidates(self, code: str) -> Iterable[ParsedRates | None]:
        names = [*provider_chain(code), *conf.check_providers()]
        for name in dict.fromkeys(names):
            if name in REGISTRY and name != "peg":
                yield self.get(name)

    def bank_today(self, name: str) -> dt.date:
        return self.now.astimezone(ZoneInfo(REGISTRY[name].TIMEZONE)).date()

    def _download(self, name: str) -> ParsedRates | None:
        module = REGISTRY[name]
        today = self.bank_today(name)
        # A latest-only provider (NBKR) still serves a fetch for today.
        if not module.HISTORY and not self.latest and abs((self.day - today).days) > 1:
            self.report.errors.append(f"{name}: has no history for {self.day}")
            return None
        try:
            parsed = module.fetch(
                None if self.latest and name != "peg" else self.day, client=self.client
            )
        except NoData as exc:
            logger.info("rates: %s", exc)
            self.report.errors.append(str(exc))
            return None
        except (FetchError, ParseError) as exc:
            logger.error("rates: %s fetch for %s failed: %s", name, self.day, exc)
            self.report.errors.append(f"{name}: {exc}")
            return None
        problem = checks.date_problem(
            parsed.rate_date,
            requested=None if self.latest else self.day,
            bank_today=today,
            days_ahead=conf.max_days_ahead(),
            days_behind=conf.max_days_behind(),
        )
        if problem:
            logger.warning(
                "rates: %s document rejected, not stored: %s (asked for %s)",
                name,
                problem,
                "the latest" if self.latest else self.day,
            )
            for code in self.codes:
                if code in parsed.rates:
                    self._reject(parsed, code, parsed.rates[code], problem)
            return None
        for rejected in parsed.rejected:
            if rejected.currency in self.codes:
                self._reject(
                    parsed, rejected.currency, None, rejected.reason, rejected.raw
                )
        self.report.providers_ok.append(name)
        return parsed

    def _reject(
        self,
        parsed: ParsedRates,
        code: str,
        units: Decimal | None,
        reason: str,
        raw: str | None = None,
    ) -> None:
        rejection_record(
            source=parsed.source,
            code=code,
            rate_date=parsed.rate_date,
            raw=raw if raw is not None else checks.number(units),
            reason=reason,
            units_per_usd=units,
            now=self.now,
        )
        self.report.rejected.append(
            f"{code} {parsed.source} {parsed.rate_date}: {reason}"
        )


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
    format errors, nor on a bad value (they are logged, listed in the report and
    kept for the editors)."""
    latest = day is None
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    codes = codes or tracked_currencies()
    report = FetchReport(day=day)
    run = FetchRun.objects.create(day=day, started_at=now)
    downloads = Downloads(
        day=day,
        latest=latest,
        client=client or HttpClient.from_settings(),
        report=report,
        codes=codes,
        now=now,
    )
    try:
        for code in codes:
            offered = False
            for name in provider_chain(code):
                parsed = downloads.get(name)
                if parsed is None or code not in parsed.rates:
                    continue
                offered = True
                rate = _store_reported(code, parsed, report, peers=downloads, now=now)
                if rate is not None and rate.status == RateStatus.PUBLISHED:
                    break
            if not offered:
                report.missing.append(code)
    finally:
        transaction.on_commit(invalidate_ticker)
        run.finished_at = timezone.now()
        run.ok = report.ok
        run.stored = len(report.stored)
        run.held = len(report.held)
        run.rejected = len(report.rejected)
        run.message = report.summary()[:2000]
        run.save()
    log = logger.info if report.ok else logger.error
    log("rates: %s", report.summary())
    return report


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
