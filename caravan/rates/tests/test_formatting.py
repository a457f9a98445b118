from decimal import Decimal

import pytest

from caravan.rates.formatting import change, format_amount, format_rate, inverse_change


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal(1) / Decimal("478.77"), 4, "0.002089"),
        (Decimal("0.002"), 4, "0.002000"),
        (Decimal(1) / Decimal("12194.21"), 4, "0.00008201"),  # never "0.00008"
        (Decimal(1) / Decimal("3.5"), 4, "0.2857"),
        (Decimal(1) / Decimal("87.45"), 4, "0.01144"),
        (Decimal("478.77"), 4, "478.77"),
        (Decimal("12194.21"), 4, "12194.21"),
        (Decimal("3.5"), 4, "3.500"),
        (Decimal("0.0009999"), 2, "0.0010"),
        (Decimal("0.0000823"), 1, "0.000082"),  # one digit is never allowed
        (None, 4, "—"),
    ],
)
def test_format_rate(value, digits, expected):
    assert format_rate(value, digits) == expected


def test_format_amount_groups_thousands():
    assert format_amount(Decimal("1219421")) == "1\u202f219\u202f421.00"
    assert format_amount(Decimal("0.0820")) == "0.0820000"  # 6 significant


@pytest.mark.parametrize(
    ("fraction", "text", "direction", "words"),
    [
        (Decimal("-0.0012"), "\u22120.12%", "down", "down 0.12 %"),
        (Decimal("0.0055"), "+0.55%", "up", "up 0.55 %"),
        (Decimal("-0.00004"), "0.00%", "flat", "unchanged"),  # never -0%
        (Decimal("0.00004"), "0.00%", "flat", "unchanged"),
        (Decimal("0"), "0.00%", "flat", "unchanged"),
        (None, "—", "none", "no previous rate"),
    ],
)
def test_change(fraction, text, direction, words):
    result = change(fraction)
    assert (result.text, result.direction, result.words) == (text, direction, words)
    assert "-0" not in result.text


def test_inverse_change():
    # USD per KZT up 1 % means KZT per USD down 0.990099 %
    assert change(inverse_change(Decimal("0.01"))).text == "\u22120.99%"
