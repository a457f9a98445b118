"""The pure judgments in checks.py, on hand-made numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from caravan.rates import checks
from caravan.rates.checks import Limits, Quote

D = dt.date(2026, 4, 1)
LIMITS = Limits(
    jump_threshold=Decimal("0.10"),
    peg_tolerance=Decimal("0.02"),
    provider_margin=Decimal("0.03"),
    volatility_sigmas=Decimal("6"),
    volatility_floor=Decimal("0.02"),
    volatility_min_moves=10,
)


def series(values, *, start=D - dt.timedelta(days=60), step=1, source="nbk"):
    return [
        Quote(source, start + dt.timedelta(days=i * step), Decimal(v))
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("rate_date", "requested", "expected"),
    [
        (D, D, ""),
        (D + dt.timedelta(days=1), D, ""),  # the next day's rate, published today
        (D + dt.timedelta(days=2), None, "2 days after the bank's today"),
        (D + dt.timedelta(days=2), D + dt.timedelta(days=3), "after the bank's today"),
        (D - dt.timedelta(days=14), D, ""),  # a long holiday
        (D - dt.timedelta(days=15), D, "15 days before the date asked for"),
        (D - dt.timedelta(days=5), D - dt.timedelta(days=6), ""),
        (D - dt.timedelta(days=5), D - dt.timedelta(days=7), "2 days after the date"),
    ],
)
def test_date_problem(rate_date, requested, expected):
    problem = checks.date_problem(
        rate_date, requested=requested, bank_today=D, days_ahead=1, days_behind=14
    )
    assert (expected in problem) if expected else problem == ""


def test_volatility_needs_enough_moves():
    assert checks.daily_volatility(series(["100", "101"] * 5), 10) is None
    assert checks.daily_volatility(series(["100", "101"] * 6), 10) is not None


def test_volatility_is_the_usual_daily_move():
    sigma = checks.daily_volatility(series(["100", "101"] * 10), 10)
    assert abs(sigma - Decimal("0.00995")) < Decimal("0.0001")  # ln(1.01)
    # the same moves over three days each are a third of the variance per day
    slow = checks.daily_volatility(series(["100", "101"] * 10, step=3), 10)
    assert abs(slow - sigma / Decimal(3).sqrt()) < Decimal("1e-12")


def test_move_beyond_the_usual_is_held_and_scaled_by_days():
    history = series(["100", "100.5"] * 10)  # 0.5 % a day
    previous = history[-1]
    allowed = Decimal("100.5") * Decimal("1.025")  # 6 x 0.5 % = 3 % > 2 % floor
    calm_next = Quote("nbk", previous.rate_date + dt.timedelta(days=1), allowed)
    assert checks.move_problem(calm_next, previous, history, LIMITS) == ""
    jump = Quote("nbk", calm_next.rate_date, Decimal("100.5") * Decimal("1.04"))
    problem = checks.move_problem(jump, previous, history, LIMITS)
    assert "moved 4.0% from 100.5 (nbk," in problem and "usual daily move" in problem
    # four days later the same move is within the usual spread (6 x 0.5 % x 2)
    later = Quote("nbk", previous.rate_date + dt.timedelta(days=4), jump.units_per_usd)
    assert checks.move_problem(later, previous, history, LIMITS) == ""


def test_floor_keeps_pegged_and_calm_currencies_from_holding_noise():
    history = series(["3.5"] * 20)
    tiny = Quote("cbt", history[-1].rate_date + dt.timedelta(days=1), Decimal("3.55"))
    assert checks.move_problem(tiny, history[-1], history, LIMITS) == ""


def test_fixed_threshold_applies_without_history():
    previous = Quote("nbk", D - dt.timedelta(days=1), Decimal("100"))
    jump = Quote("nbk", D, Decimal("111"))
    assert "threshold 10%" in checks.move_problem(jump, previous, [previous], LIMITS)
    nine = Quote("nbk", D, Decimal("109"))
    assert checks.move_problem(nine, previous, [previous], LIMITS) == ""


def test_first_value_against_peers():
    quote = Quote("nbk", D, Decimal("478.77"))
    far = Quote("cbr", D, Decimal("47.877"))
    near = Quote("cbu", D, Decimal("477.64"))
    assert checks.first_value_problem(quote, [far, near], Decimal("0.03")) == ("", near)
    problem, peer = checks.first_value_problem(quote, [far], Decimal("0.03"))
    assert peer == far and "differs: 10 times" in problem
    problem, peer = checks.first_value_problem(quote, [], Decimal("0.03"))
    assert peer is None and "no second provider" in problem


@pytest.mark.parametrize(
    ("value", "reference", "words"),
    [
        ("107.3", "100", "7.3%"),
        ("93", "100", "7.0%"),
        ("100300", "100", "1003 times"),
        ("0.1", "100", "1/1000"),
        ("250", "100", "2.5 times"),
    ],
)
def test_apart(value, reference, words):
    assert checks.apart(Decimal(value), Decimal(reference)) == words


def test_disagreement_only_beyond_the_margin():
    quote = Quote("nbk", D, Decimal("478.77"))
    assert checks.disagreement(quote, None, Decimal("0.03")) is None
    assert (
        checks.disagreement(quote, Quote("cbu", D, Decimal("477.64")), Decimal("0.03"))
        is None
    )
    spread = checks.disagreement(
        quote, Quote("cbu", D, Decimal("516.7")), Decimal("0.03")
    )
    assert f"{spread:.1%}" == "7.3%"
