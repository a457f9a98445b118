"""Pure number formatting for rates (no Django): significant digits, signed changes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

MIN_DIGITS = 2
MINUS = "\u2212"


def rate_places(value: Decimal, digits: int = 4) -> int:
    """Decimal places that show ``value`` with ``digits`` significant digits; numbers
    of 1 and above keep at least 2 places (527.43, 12194.21, 3.500)."""
    digits = max(MIN_DIGITS, digits)
    value = abs(value)
    if value == 0:
        return digits
    exponent = value.adjusted()  # 478.77 -> 2; 0.0020886 -> -3
    if exponent >= 0:
        return max(2, digits - 1 - exponent)
    return digits - 1 - exponent


def format_rate(value: Decimal | None, digits: int = 4) -> str:
    """0.0020886855 -> "0.002089"; 0.00008200713 -> "0.00008201"; 478.77 -> "478.77".

    Never fewer than two significant digits, never exponent notation."""
    if value is None:
        return "—"
    value = Decimal(value)
    places = rate_places(value, digits)
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    if rate_places(rounded, digits) != places:  # 0.0009999 rounded up to 0.001000
        places = rate_places(rounded, digits)
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return f"{rounded:f}"


# Readers see every rate and converted amount with this many significant digits
# (a currency's own ``precision`` may ask for more): 0.011220, 9.8210, 468.98,
# 11,934. The JSON API and the CSV keep the stored precision.
DISPLAY_DIGITS = 5


def significant(value: Decimal | None, digits: int = DISPLAY_DIGITS) -> str:
    """``value`` with ``digits`` significant digits, the whole part never rounded:
    0.0112204 -> "0.011220", 11934.16 -> "11934", 3.5 -> "3.5000", 1219421.5 ->
    "1219422". No grouping, "." for the decimal point, never exponent notation."""
    if value is None:
        return "—"
    value = Decimal(value)
    digits = max(MIN_DIGITS, digits)
    places = 0 if value == 0 else max(0, digits - 1 - abs(value).adjusted())
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    if rounded != 0 and rounded.adjusted() != value.adjusted() and places:
        places -= 1  # 0.099999 rounded up to 0.10000: one digit fewer after the point
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0000"
    return f"{rounded:f}"


def group(text: str, decimal: str = ".", thousands: str = ",") -> str:
    """A plain number ("-11934.16") with a language's separators: ("-11,934.16"),
    Russian ("11\xa0934,16"). Anything else ("—") comes back as it is."""
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()):
        return text
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + thousands.join(groups) + (f"{decimal}{frac}" if frac else "")


@dataclass(frozen=True)
class Change:
    percent: Decimal | None  # rounded to ``places``; never negative zero
    direction: str  # "up", "down", "flat" or "none" (no previous rate)

    @property
    def text(self) -> str:
        """ "+0.12%", "−0.12%", "0.00%" (never "-0%"), "—" when unknown."""
        if self.percent is None:
            return "—"
        if self.direction == "up":
            return f"+{self.percent:f}%"
        if self.direction == "down":
            return f"{MINUS}{abs(self.percent):f}%"
        return f"{self.percent:f}%"

    @property
    def magnitude(self) -> str | None:
        """The change's size without its sign ("0.12"), None when unknown
        (``numbers.change_words`` says it in the active language)."""
        return None if self.percent is None else f"{abs(self.percent):f}"

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "flat": "▬"}.get(self.direction, "")


def change(fraction: Decimal | None, places: int = 2) -> Change:
    """A fractional change (0.0012 = 0.12 %) rounded for display. A change that
    rounds to zero is "flat" and shows as 0.00%, whatever its sign."""
    if fraction is None:
        return Change(None, "none")
    percent = (Decimal(fraction) * 100).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN
    )
    if percent == 0:
        return Change(abs(percent), "flat")  # abs() drops the sign of -0.00
    return Change(percent, "up" if percent > 0 else "down")


def inverse_change(fraction: Decimal | None) -> Decimal | None:
    """The change of units-per-USD given the change of USD-per-unit."""
    if fraction is None:
        return None
    return 1 / (1 + Decimal(fraction)) - 1
