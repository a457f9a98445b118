"""The SEO head and the language switcher (Jinja2)."""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.ext import Extension
from jinja2.utils import missing
from markupsafe import Markup

from .head import Head

WHAT_HEAD_READS = ("request", "page", "page_obj", "kind", "subject")


def _head(context) -> Head | None:
    """One Head per request and page shown (the head and the language switcher
    share its translations and URLs)."""
    request = context.get("request")
    if request is None:
        return None
    # resolve_or_missing, not get: get raises and catches a KeyError for each
    # name the page does not have (an article has no page_obj, kind, subject).
    values = {}
    for name in WHAT_HEAD_READS:
        value = context.resolve_or_missing(name)
        values[name] = None if value is missing else value
    key = tuple(id(value) for value in values.values())
    cached = getattr(request, "_seo_head", None)
    if cached is None or cached[0] != key:
        cached = request._seo_head = (key, Head(values))
    return cached[1]


def _render(context, template: str, values: dict) -> Markup:
    """``template`` with ``values`` and the translation function only:
    ``Template.render`` would first copy every global of the environment into
    its context (~40 µs a render); these templates need none of them."""
    environment = context.environment
    compiled = environment.get_template(template)
    values = {"_": environment.globals["_"], **values}
    return Markup(  # noqa: S704 - autoescaped template
        "".join(compiled.root_render_func(compiled.new_context(values, shared=True)))
    )


@pass_context
def seo_head(context) -> Markup:
    head = _head(context)
    return _render(context, "seo/head.html", head.as_context() if head else {})


@pass_context
def language_switcher(context, label: str | None = None) -> Markup:
    """``label``: the landmark's name when a page shows the switcher twice (the
    footer's), so screen readers can tell the two apart."""
    head = _head(context)
    return _render(
        context,
        "seo/language_switcher.html",
        {"languages": head.languages() if head else [], "label": label},
    )


class SeoExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(
            seo_head=seo_head, language_switcher=language_switcher
        )


seo = SeoExtension
