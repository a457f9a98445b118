"""``/healthz``: can this process serve readers? It renders the home page for
real — routing, the database, the templates — bypassing the page cache (Varnish
probes it: a backend is marked sick only when it cannot render). The shared
cache being down does not make it fail: pages render from the database then."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .views import serve

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    try:
        response = serve(request, "")
        if hasattr(response, "render"):
            response.render()
        ok = response.status_code == 200
    except Exception:
        logger.exception("health check: the home page did not render")
        ok = False
    return HttpResponse(
        "ok\n" if ok else "cannot render the home page\n",
        status=200 if ok else 503,
        content_type="text/plain; charset=utf-8",
    )
