"""Wagtail's SENDFILE_BACKEND for nginx: after Wagtail's permission check, the
response carries only ``X-Accel-Redirect``, and nginx sends the file from an
``internal`` location (deploy/nginx/caravan.conf) that no reader can request."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, **kwargs):
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(root):
        raise Http404("not a private file")
    response = HttpResponse(content_type=kwargs.get("mimetype"))
    prefix = settings.CARAVAN_ACCEL_REDIRECT_PREFIX.rstrip("/")
    response["X-Accel-Redirect"] = f"{prefix}/{quote(str(path.relative_to(root)))}"
    response["Cache-Control"] = "private, no-store"
    return response
