"""Rate providers, one module each. ``REGISTRY`` maps source key -> module."""

from . import cbr, cbt, cbu, nbk, nbkr, nbt, peg
from .base import FetchError, NoData, ParsedRates, ParseError

REGISTRY = {m.NAME: m for m in (nbk, nbkr, cbu, nbt, cbt, cbr, peg)}
DEMO = "demo"
LABELS = {name: module.LABEL for name, module in REGISTRY.items()}
LABELS[DEMO] = "Demo data (generated, not real rates)"

__all__ = [
    "DEMO",
    "LABELS",
    "REGISTRY",
    "FetchError",
    "NoData",
    "ParseError",
    "ParsedRates",
]
