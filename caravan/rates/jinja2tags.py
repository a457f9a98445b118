"""The currency ticker on every page (Jinja2)."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from jinja2 import pass_context
from jinja2.ext import Extension
from markupsafe import Markup

from caravan.caching.memo import Memo

from .numbers import localized, localized_percent, spoken_change
from .ticker import fit_em, localize, ticker_data

logger = logging.getLogger("caravan.rates")

# The rendered ticker per day and language, until rates or their settings change.
TICKERS = Memo("ticker-html", tags=("ticker",), max_entries=20)


@pass_context
def rates_ticker(context) -> Markup:
    """The rendered ticker, kept in each process (``TICKERS``) for the day and language until stored rates or rates settings bump the
    "ticker" purge tag: no query and no cache round trip per page. Never breaks
    a page: without rates (or with the rates tables missing) it renders nothing."""
    environment = context.environment
    key = (timezone.localdate(), translation.get_language())
    try:
        return TICKERS.get(key, lambda: _render(environment, ticker_data(fresh=True)))
    except Exception:
        logger.exception("rates ticker failed")  # not kept: tried again next time
        return _render(environment, {"items": [], "demo": False})


def _render(environment, data: dict) -> Markup:
    template = environment.get_template("rates/ticker.html")
    items = [
        {**localize(item, localized), "change": localized_percent(item["change"])}
        for item in data["items"]
    ]
    data = {**data, "items": items, "fit_em": fit_em(items)}
    return Markup(template.render({"ticker": data}))  # noqa: S704 - autoescaped template


class RatesExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(rates_ticker=rates_ticker)
        environment.filters.update(
            localized_percent=localized_percent, spoken_change=spoken_change
        )


rates = RatesExtension
