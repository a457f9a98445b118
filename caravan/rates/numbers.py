"""Rates as readers read them: significant digits, the active language's separators."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext

from .formatting import DISPLAY_DIGITS, group, significant


def localized(text: str) -> str:
    """A plain number ("11934.16") with the active language's separators
    ("11,934.16"; Russian "11 934,16" with a no-break space)."""
    return group(
        text,
        decimal=formats.get_format("DECIMAL_SEPARATOR"),
        thousands=formats.get_format("THOUSAND_SEPARATOR"),
    )


def change_words(direction: str, magnitude: str | None) -> str:
    """What a screen reader says of a change ("up 0.12 %", "рост на 0,12 %",
    "unchanged"), in the active language."""
    if magnitude is None:
        return gettext("no previous rate")
    if direction == "flat":
        return gettext("unchanged")
    if direction == "up":
        return gettext("up %(percent)s %%") % {"percent": localized(magnitude)}
    return gettext("down %(percent)s %%") % {"percent": localized(magnitude)}


def spoken_change(moved) -> str:
    """``change_words`` of a ``formatting.Change`` (a template filter)."""
    return change_words(moved.direction, moved.magnitude)


def display_rate(value: Decimal | None, precision: int = DISPLAY_DIGITS) -> str:
    """A rate for readers: at least ``DISPLAY_DIGITS`` significant digits (more
    when the currency's ``precision`` asks for them), localized."""
    return localized(significant(value, max(precision, DISPLAY_DIGITS)))


def localized_percent(text: str) -> str:
    """A change as shown ("+0.12%", "−0.12%") with the language's decimal
    separator ("+0,12%")."""
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
