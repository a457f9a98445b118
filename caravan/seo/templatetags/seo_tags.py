from django import template

from caravan.seo.head import Head

register = template.Library()


def _head(context) -> Head | None:
    request = context.get("request")
    if request is None:
        return None
    cached = getattr(request, "_seo_head", None)
    if cached is None or cached.context is not context:
        cached = Head(context)
        request._seo_head = cached
    return cached


@register.inclusion_tag("seo/head.html", takes_context=True)
def seo_head(context):
    head = _head(context)
    return head.as_context() if head else {}


@register.inclusion_tag("seo/language_switcher.html", takes_context=True)
def language_switcher(context):
    head = _head(context)
    return {"languages": head.languages() if head else []}
