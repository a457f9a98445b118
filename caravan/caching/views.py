"""``/-/slot/<name>/<language>/``: a slot's current HTML, for Varnish's Edge Side
Includes (caching.slots). Kept downstream until the slot may change on its
own (its expiry, at most its max age) and banned by its tags when it changes;
never by browsers."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from . import conf, slots


@require_safe
def slot(request, name: str, language: str):
    found = slots.get(name)
    if found is None or language not in slots.languages():
        raise Http404("No such slot")
    html, expires = found.current(language)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Surrogate-Control"] = f"max-age={slots.seconds_to_keep(found, expires)}"
    if conf.varnish_urls():
        response["X-Cache-Tags"] = " ".join(("all", *found.tags))
    return response
