from decimal import Decimal

import pytest
from django.utils import translation

from caravan.rates.formatting import (
    change,
    format_rate,
    group,
    inverse_change,
    significant,
)
from caravan.rates.numbers import change_words, display_rate, localized


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the mix (88.691 / 468.98 / 9.8210 / 11934.16): five digits each
        (Decimal("88.6912"), "88.691"),
        (Decimal("468.977"), "468.98"),
        (Decimal("9.821"), "9.8210"),
        (Decimal("11934.16"), "11934"),
        (Decimal(1) / Decimal("89.12"), "0.011221"),
        (Decimal(1) / Decimal("11896"), "0.000084062"),
        (Decimal("3.5"), "3.5000"),
        (Decimal("1219421.5"), "1219422"),  # the whole part is never rounded away
        (Decimal("0.0999999"), "0.10000"),  # rounds up a digit: still five
        (Decimal("9.999999"), "10.000"),
        (Decimal("-0.000001"), "-0.0000010000"),
        (Decimal("0"), "0"),
        (None, "—"),
    ],
)
def test_significant_shows_five_digits(value, expected):
    assert significant(value) == expected


def test_group_separators():
    assert group("11934") == "11,934"
    assert group("-1219422.5") == "-1,219,422.5"
    assert group("11934.16", ",", "\xa0") == "11\xa0934,16"
    assert group("0.011221", ",", "\xa0") == "0,011221"
    assert group("—") == "—"


def test_localized_in_english_and_russian():
    with translation.override("en"):
        assert localized("11934") == "11,934"
        assert display_rate(Decimal("11934.16")) == "11,934"
        assert display_rate(Decimal("0.0112204")) == "0.011220"
        # a currency asking for more digits gets them
        assert display_rate(Decimal("478.7712"), precision=7) == "478.7712"
    with translation.override("ru"):
        assert localized("11934") == "11\xa0934"
        assert display_rate(Decimal("468.977")) == "468,98"
        assert display_rate(Decimal("1219421.5")) == "1\xa0219\xa0422"


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
    spoken = change_words(result.direction, result.magnitude)
    assert (result.text, result.direction, spoken) == (text, direction, words)
    assert "-0" not in result.text


def test_a_change_is_spoken_in_the_active_language():
    with translation.override("ru"):
        assert change_words("up", "1234.5") == "рост на 1\xa0234,5 %"
        assert change_words("down", "0.12") == "снижение на 0,12 %"
        assert change_words("flat", "0.00") == "без изменений"
        assert change_words("none", None) == "нет предыдущего курса"


def test_inverse_change():
    # USD per KZT up 1 % means KZT per USD down 0.990099 %
    assert change(inverse_change(Decimal("0.01"))).text == "\u22120.99%"
