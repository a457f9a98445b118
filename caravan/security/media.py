"""/media/ for the embedded default (SERVE_MEDIA): public uploads only.

Answers byte-range requests (one range, as audio and video players and podcast
apps send to seek and resume) with 206 and Content-Range; nginx or S3 do the
same in production."""

import re

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.static import serve

# Longest file name most file systems take; a longer one cannot exist (and
# open() would fail with "File name too long": a 500).
MAX_NAME_BYTES = 255
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def serve_public_media(request, path):
    if "\x00" in path or any(
        len(part.encode()) > MAX_NAME_BYTES for part in path.split("/")
    ):
        raise Http404("No such file")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code != 200:
        return response  # 304: nothing to cut
    response["Accept-Ranges"] = "bytes"
    wanted = request.headers.get("Range", "").strip()
    # Several ranges, or a header that is not a range: the whole file (RFC 9110
    # lets a server ignore Range).
    if not _RANGE.match(wanted) or not _range_applies(request, response):
        return response
    size = int(response["Content-Length"])
    found = byte_range(wanted, size)
    if found is None:
        response.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    start, end = found
    source = response.file_to_stream
    source.seek(start)
    partial = StreamingHttpResponse(
        _read(source, end - start + 1),
        status=206,
        content_type=response["Content-Type"],
    )
    for header in ("Last-Modified", "Accept-Ranges"):
        partial[header] = response[header]
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Content-Length"] = str(end - start + 1)
    return partial


def _range_applies(request, response) -> bool:
    """If-Range: the range only while the file is the one the client has."""
    condition = request.headers.get("If-Range")
    return condition is None or condition == response.get("Last-Modified")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single ``bytes=`` range, or None when it cannot
    be satisfied (416)."""
    match = _RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if first == "":
        if last == "" or int(last) == 0:
            return None
        return max(0, size - int(last)), size - 1  # the last N bytes
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end


def _read(source, remaining: int):
    try:
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        source.close()
