"""An episode's audio: what the feed's ``<enclosure>`` says about it (its byte
length and MIME type), read from an uploaded file or from an external URL."""

from __future__ import annotations

import mimetypes
import posixpath
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext as _

# The types Apple Podcasts accepts for audio episodes (and the Podcast Index
# repeats); anything else is refused before it reaches a feed.
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
}
ACCEPTED_TYPES = {*AUDIO_TYPES.values(), "audio/mp4a-latm", "audio/m4a"}
PROBE_TIMEOUT = 10  # seconds for the connection and for each read
MAX_REDIRECTS = 5


class AudioError(ValueError):
    """The audio cannot go in a feed; the message says why, for the editor."""


# Set while a caller (the WordPress importer) gives the audio's length and type
# itself: saving an episode then asks no server (an import must not need the
# network). An editor's later save asks as usual.
_facts_given: ContextVar[bool] = ContextVar("podcast_audio_facts_given", default=False)


@contextmanager
def facts_given():
    token = _facts_given.set(True)
    try:
        yield
    finally:
        _facts_given.reset(token)


def facts_are_given() -> bool:
    return _facts_given.get()


def type_for_name(name: str) -> str:
    extension = posixpath.splitext(name.lower())[1]
    return AUDIO_TYPES.get(extension) or mimetypes.guess_type(name)[0] or ""


def check_type(mime_type: str) -> str:
    mime_type = mime_type.split(";")[0].strip().lower()
    if mime_type not in ACCEPTED_TYPES:
        raise AudioError(
            _("The audio must be MP3 or M4A (podcast apps accept no other); got %s.")
            % (mime_type or _("an unknown type"))
        )
    return mime_type


def file_facts(field_file) -> tuple[int, str]:
    """(length, type) of an uploaded file."""
    return field_file.size, check_type(type_for_name(field_file.name))


def url_facts(url: str) -> tuple[int, str]:
    """(length, type) of the file at ``url``: a HEAD request, or when the server
    does not say the length there, a GET of its first byte (Content-Range)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise AudioError(_("The audio URL must start with http:// or https://."))
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    try:
        response = session.head(url, allow_redirects=True, timeout=PROBE_TIMEOUT)
        length = _length(response) if response.status_code == 200 else None
        if length is None:
            response.close()
            response = session.get(
                url,
                headers={"Range": "bytes=0-0"},
                stream=True,
                allow_redirects=True,
                timeout=PROBE_TIMEOUT,
            )
            response.close()  # one byte asked for; never read a whole file
            length = _length(response)
    except requests.Timeout:
        raise AudioError(
            _("The audio server did not answer within %d seconds.") % PROBE_TIMEOUT
        ) from None
    except requests.TooManyRedirects:
        raise AudioError(_("The audio URL redirects too many times.")) from None
    except requests.RequestException as error:
        raise AudioError(
            _("The audio URL could not be reached (%s).") % type(error).__name__
        ) from None
    if response.status_code >= 400:
        raise AudioError(
            _("The audio URL answered HTTP %d: is the address right?")
            % response.status_code
        )
    if not length:
        raise AudioError(
            _(
                "The audio server does not say how big the file is; podcast apps need it."
            )
        )
    declared = response.headers.get("Content-Type", "")
    if declared.split(";")[0].strip().lower() in ("", "application/octet-stream"):
        declared = type_for_name(urlsplit(response.url).path)
    return length, check_type(declared)


def _length(response) -> int | None:
    content_range = response.headers.get("Content-Range", "")
    if response.status_code == 206 and "/" in content_range:
        total = content_range.rsplit("/", 1)[1]
        return int(total) if total.isdigit() else None
    length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() and int(length) > 0 else None
