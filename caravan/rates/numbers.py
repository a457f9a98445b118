"""Rates as readers read them: significant digits, the active language's separators."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats

from .formatting import DISPLAY_DIGITS, group, significant


def localized(text: str) -> str:
    """A plain number ("11934.16") with the active language's separators
    ("11,934.16"; Russian "11 934,16" with a no-break space)."""
    return group(
        text,
        decimal=formats.get_format("DECIMAL_SEPARATOR"),
        thousands=formats.get_format("THOUSAND_SEPARATOR"),
    )


def display_rate(value: Decimal | None, precision: int = DISPLAY_DIGITS) -> str:
    """A rate for readers: at least ``DISPLAY_DIGITS`` significant digits (more
    when the currency's ``precision`` asks for them), localized."""
    return localized(significant(value, max(precision, DISPLAY_DIGITS)))


def localized_percent(text: str) -> str:
    """A change as shown ("+0.12%", "−0.12%") with the language's decimal
    separator ("+0,12%")."""
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
