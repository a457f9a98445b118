"""The currency ticker on every page (Jinja2)."""

from __future__ import annotations

import logging

from jinja2 import pass_context
from jinja2.ext import Extension
from markupsafe import Markup

from .ticker import ticker_data

logger = logging.getLogger("caravan.rates")


@pass_context
def rates_ticker(context) -> Markup:
    """Cached data, no query on a hit. Never breaks a page: without rates (or
    with the rates tables missing) it renders nothing."""
    try:
        data = ticker_data()
    except Exception:
        logger.exception("rates ticker failed")
        data = {"items": [], "demo": False}
    template = context.environment.get_template("rates/ticker.html")
    return Markup(template.render({"ticker": data}))  # noqa: S704 - autoescaped template


class RatesExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(rates_ticker=rates_ticker)


rates = RatesExtension
