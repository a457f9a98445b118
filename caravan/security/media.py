"""/media/ for the embedded default (SERVE_MEDIA): public uploads only."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Longest file name most file systems take; a longer one cannot exist (and
# open() would fail with "File name too long": a 500).
MAX_NAME_BYTES = 255


def serve_public_media(request, path):
    if "\x00" in path or any(
        len(part.encode()) > MAX_NAME_BYTES for part in path.split("/")
    ):
        raise Http404("No such file")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
