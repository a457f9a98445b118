from django import template

from caravan.rates.ticker import ticker_data

register = template.Library()


@register.inclusion_tag("rates/ticker.html", takes_context=True)
def rates_ticker(context):
    """The currency ticker shown at the top of every page (cached: no query on a hit).

    Never breaks a page: without rates (or with the rates tables missing) it renders
    nothing."""
    try:
        data = ticker_data()
    except Exception:
        import logging

        logging.getLogger("caravan.rates").exception("rates ticker failed")
        data = {"items": [], "demo": False}
    return {"ticker": data}
