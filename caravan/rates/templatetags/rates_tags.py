from django import template

register = template.Library()


@register.inclusion_tag("rates/ticker.html", takes_context=True)
def rates_ticker(context):
    """The currency ticker shown at the top of every page."""
    return {}
