"""Judgments on one candidate rate, as pure functions of numbers and dates.

Nothing here reads the database or the network: services.py gathers the candidate's
references (the currency's recent history, the peg, other providers' values) and
asks these functions what is wrong with it. Each returns the reason in words (it
is shown to the editor and logged), or "" when nothing is wrong.

All arithmetic is Decimal. Moves are compared as logarithms, so a rise and the fall
that undoes it weigh the same, and a move over several days is compared with the
usual daily move scaled by the square root of the days (a random walk's spread).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Context, Decimal

from . import conf

MATH = Context(prec=28)


@dataclass(frozen=True)
class Quote:
    """One provider's value for a currency: units per US dollar on a date."""

    source: str
    rate_date: dt.date
    units_per_usd: Decimal


@dataclass(frozen=True)
class Limits:
    jump_threshold: Decimal
    peg_tolerance: Decimal
    provider_margin: Decimal
    volatility_sigmas: Decimal
    volatility_floor: Decimal
    volatility_min_moves: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            jump_threshold=conf.jump_threshold(),
            peg_tolerance=conf.peg_tolerance(),
            provider_margin=conf.provider_margin(),
            volatility_sigmas=conf.volatility_sigmas(),
            volatility_floor=conf.volatility_floor(),
            volatility_min_moves=conf.volatility_min_moves(),
        )


def gap(value: Decimal, reference: Decimal) -> Decimal:
    """How far ``value`` is from ``reference``, as a fraction of the reference."""
    return abs(MATH.divide(value, reference) - 1)


def pct(fraction: Decimal) -> str:
    return f"{fraction:.1%}"


def apart(value: Decimal, reference: Decimal) -> str:
    """How far apart two values are, in words an editor reads at a glance: "7.3%",
    or "1003 times" / "1/1003" once one is at least double the other."""
    ratio = MATH.divide(value, reference)
    if ratio >= 2:
        return f"{_factor(ratio)} times"
    if ratio <= Decimal("0.5"):
        return f"1/{_factor(MATH.divide(1, ratio))}"
    return pct(abs(ratio - 1))


def _factor(ratio: Decimal) -> str:
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"


def number(value: Decimal) -> str:
    """A rate as an editor reads it: up to 8 significant digits, no exponent
    (3.0201031 rather than the 28 digits a cross rate carries)."""
    return f"{value.normalize(Context(prec=8)):f}"


def describe(quote: Quote) -> str:
    return f"{number(quote.units_per_usd)} ({quote.source}, {quote.rate_date})"


# --- the document's date ----------------------------------------------------------


def date_problem(
    rate_date: dt.date,
    *,
    requested: dt.date | None,
    bank_today: dt.date,
    days_ahead: int,
    days_behind: int,
) -> str:
    """A document dated in the future beyond the bank's one-day-ahead publication,
    or far from the date asked for, is not that day's rate (a stored row is never
    overwritten, so storing it would block the real value for its date)."""
    if rate_date > bank_today + dt.timedelta(days=days_ahead):
        ahead = (rate_date - bank_today).days
        return (
            f"dated {rate_date}, {ahead} days after the bank's today ({bank_today}); "
            f"banks publish at most {days_ahead} day ahead"
        )
    if requested is None:
        return ""
    if rate_date > requested + dt.timedelta(days=days_ahead):
        return (
            f"dated {rate_date}, {(rate_date - requested).days} days after the "
            f"date asked for ({requested})"
        )
    if rate_date < requested - dt.timedelta(days=days_behind):
        return (
            f"dated {rate_date}, {(requested - rate_date).days} days before the "
            f"date asked for ({requested}); at most {days_behind} are expected "
            "(weekends and holidays)"
        )
    return ""


# --- the value against its references -------------------------------------------


def peg_problem(quote: Quote, peg: Decimal | None, tolerance: Decimal) -> str:
    if peg is None or quote.source == "peg":
        return ""
    deviation = gap(quote.units_per_usd, peg)
    if deviation > tolerance:
        return (
            f"{number(quote.units_per_usd)} per USD is {pct(deviation)} away from "
            f"the {peg} peg"
        )
    return ""


def first_value_problem(
    quote: Quote, peers: list[Quote], margin: Decimal
) -> tuple[str, Quote | None]:
    """A currency's first value must agree with another provider's (within
    ``margin``); returns the reason it cannot be published and the peer it was
    compared with (the one that agreed, else the first)."""
    if not peers:
        return (
            f"first value of this currency from {quote.source}, and no second "
            "provider lists it to check against",
            None,
        )
    for peer in peers:
        if gap(quote.units_per_usd, peer.units_per_usd) <= margin:
            return "", peer
    peer = peers[0]
    return (
        f"first value of this currency; {describe(peer)} differs: "
        f"{apart(quote.units_per_usd, peer.units_per_usd)} "
        f"(margin {pct(margin)})",
        peer,
    )


def daily_volatility(series: list[Quote], min_moves: int) -> Decimal | None:
    """The usual daily move of a series (oldest first, one quote per date): the
    root mean square of its log moves, each divided by the square root of the
    days it spans. None with fewer than ``min_moves`` moves."""
    squares = []
    for before, after in zip(series, series[1:], strict=False):
        days = (after.rate_date - before.rate_date).days
        if days <= 0:
            continue
        log_move = MATH.divide(after.units_per_usd, before.units_per_usd).ln(MATH)
        squares.append(MATH.divide(log_move * log_move, Decimal(days)))
    if len(squares) < min_moves:
        return None
    return MATH.divide(sum(squares, Decimal(0)), Decimal(len(squares))).sqrt(MATH)


def move_problem(
    quote: Quote, previous: Quote, history: list[Quote], limits: Limits
) -> str:
    """The day-on-day move, against the fixed threshold and against this
    currency's own recent volatility (``history``: its published rates before
    the candidate, oldest first)."""
    change = gap(quote.units_per_usd, previous.units_per_usd)
    moved = (
        f"moved {apart(quote.units_per_usd, previous.units_per_usd)} "
        f"from {describe(previous)}"
    )
    if change > limits.jump_threshold:
        return f"{moved}; threshold {limits.jump_threshold:.0%}"
    sigma = daily_volatility(history, limits.volatility_min_moves)
    if sigma is None:
        return ""
    days = max(1, (quote.rate_date - previous.rate_date).days)
    allowed = max(
        limits.volatility_floor,
        limits.volatility_sigmas * sigma * Decimal(days).sqrt(MATH),
    )
    log_move = abs(MATH.divide(quote.units_per_usd, previous.units_per_usd).ln(MATH))
    if log_move > allowed:
        return (
            f"{moved}; its usual daily move is {pct(sigma)} "
            f"(last {len(history) - 1} moves), so more than {pct(allowed)} "
            f"over {days} day{'s' if days > 1 else ''} is unusual"
        )
    return ""


def disagreement(quote: Quote, peer: Quote | None, margin: Decimal) -> Decimal | None:
    """The gap between two providers when it is beyond ``margin``, else None."""
    if peer is None:
        return None
    spread = gap(quote.units_per_usd, peer.units_per_usd)
    return spread if spread > margin else None
