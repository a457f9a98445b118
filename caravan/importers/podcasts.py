"""WordPress podcast plugins' episode posts, read from their post meta.

Two formats are understood, and nothing here touches the network:

* WordPress core and Blubrry PowerPress: an ``enclosure`` meta of lines
  ``URL``, ``LENGTH``, ``MIME`` and, from PowerPress, a PHP-serialized fourth
  line (``duration``, ``season``, ``episode_no``, ``episode_type``…).
  PowerPress writes a channel's episodes under ``_<feed slug>:enclosure`` and
  some versions ``_podcast_enclosure``.
* Seriously Simple Podcasting: ``audio_file``, ``duration``, ``filesize_raw``
  (bytes; ``filesize`` is a rounded "12.5M" and is not used as a length),
  ``episode_type`` (audio/video, or the iTunes type in newer versions),
  ``itunes_episode_type``, season and episode numbers, ``explicit`` and
  ``date_recorded``; the show is the post's ``series`` term.

WordPress core also writes an ``enclosure`` (three lines) for any post that
links to an audio or video file: such a post stays an article unless the
import is asked to make episodes of core enclosures (``core_enclosures``), and
an enclosure that is not audio never makes an episode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from caravan.podcasts.audio import ACCEPTED_TYPES, type_for_name

SSP_SERIES_TAXONOMY = "series"
ENCLOSURE_KEYS = ("enclosure", "_podcast_enclosure")
CHANNEL_ENCLOSURE_RE = re.compile(r"^_([A-Za-z0-9][A-Za-z0-9_-]{0,60}):enclosure$")
EPISODE_TYPES = ("full", "trailer", "bonus")
TRUE_VALUES = ("on", "1", "yes", "true", "explicit")
# PowerPress's own name for audio/mpeg, and others seen in exports.
MIME_ALIASES = {
    "audio/mp3": "audio/mpeg",
    "audio/mpeg3": "audio/mpeg",
    "audio/x-mp3": "audio/mpeg",
    "audio/x-mpeg": "audio/mpeg",
    "audio/m4a": "audio/x-m4a",
}


class EnclosureError(ValueError):
    """The post meta names audio but cannot be read; the message says why."""


@dataclass
class EpisodeAudio:
    url: str
    length: int | None  # None: not in the meta (the feed then says 0)
    mime: str
    meta_key: str
    duration: int | None = None
    season: int | None = None
    number: int | None = None
    episode_type: str = ""
    explicit: bool = False
    channel: str = ""  # a PowerPress channel's feed slug
    core: bool = False  # WordPress core's enclosure: no podcast plugin's data
    notes: list[str] = field(default_factory=list)


def parse_duration(value: str) -> int | None:
    """Seconds from "1:02:03", "62:03", "3723" or "3723.5"; None if unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d{1,7}(?:\.\d+)?", value):
        return int(float(value))
    match = re.fullmatch(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:\.\d+)?", value)
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return (
        int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None
    )


def php_value(serialized: str, name: str) -> str:
    """A string or integer member of a PHP-serialized array, read without
    unserializing (the line may be truncated or from an old PHP)."""
    match = re.search(
        r's:\d+:"' + re.escape(name) + r'";(?:s:\d+:"([^"]*)"|i:(-?\d+))', serialized
    )
    if not match:
        return ""
    return match.group(1) if match.group(1) is not None else match.group(2)


def _mime(declared: str, url: str) -> str:
    declared = declared.split(";")[0].strip().lower()
    declared = MIME_ALIASES.get(declared, declared)
    if declared in ACCEPTED_TYPES:
        return declared
    guessed = type_for_name(urlsplit(url).path)
    if guessed in ACCEPTED_TYPES and (not declared or declared.startswith("audio/")):
        return guessed
    return declared or guessed


def _check_url(url: str, key: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        shown = url[:80] or "nothing"
        raise EnclosureError(
            f"{key} meta has no http(s) URL on its first line ({shown})"
        )
    if len(url) > 500:
        raise EnclosureError(f"{key} meta's URL is longer than 500 characters")
    return url


def parse_enclosure(value: str, key: str = "enclosure") -> EpisodeAudio:
    lines = [line.strip() for line in (value or "").strip().splitlines()]
    if not lines or not lines[0]:
        raise EnclosureError(f"{key} meta is empty")
    url = _check_url(lines[0], key)
    length_text = lines[1] if len(lines) > 1 else ""
    length = _int(length_text)
    audio = EpisodeAudio(
        url=url,
        length=length or None,
        mime=_mime(lines[2] if len(lines) > 2 else "", url),
        meta_key=key,
    )
    if length_text and length is None:
        audio.notes.append(f"{key} meta's length {length_text[:20]!r} is not a number")
    extra = lines[3] if len(lines) > 3 else ""
    audio.core = key == "enclosure" and not extra
    if extra:
        audio.duration = parse_duration(php_value(extra, "duration"))
        audio.season = _int(php_value(extra, "season"))
        audio.number = _int(php_value(extra, "episode_no"))
        kind = php_value(extra, "episode_type").lower()
        audio.episode_type = kind if kind in EPISODE_TYPES else ""
        audio.explicit = php_value(extra, "explicit") in ("1", "2")
    return audio


def episode_audio(postmeta: dict[str, str]) -> EpisodeAudio | None:
    """The episode's audio from a post's meta; None when the post is not an
    episode (no podcast meta, or an enclosure that is not audio). Raises
    EnclosureError when the meta is there but unreadable."""
    ssp_url = postmeta.get("audio_file", "").strip()
    if ssp_url:
        return _ssp(postmeta, ssp_url)
    keys = [k for k in ENCLOSURE_KEYS if postmeta.get(k, "").strip()]
    channel = ""
    if not keys:
        keys = sorted(k for k in postmeta if CHANNEL_ENCLOSURE_RE.match(k))
        keys = [k for k in keys if postmeta[k].strip()]
        if keys:
            channel = CHANNEL_ENCLOSURE_RE.match(keys[0]).group(1)
    if not keys:
        return None
    audio = parse_enclosure(postmeta[keys[0]], keys[0])
    audio.channel = channel
    if audio.mime not in ACCEPTED_TYPES:
        if audio.mime.startswith("audio/"):
            raise EnclosureError(
                f"{keys[0]} meta's audio is {audio.mime}: podcast apps take MP3 or M4A"
            )
        return None  # a video or a document linked from an ordinary post
    return audio


def _ssp(postmeta: dict[str, str], url: str) -> EpisodeAudio:
    url = _check_url(url, "audio_file")
    enclosure = None
    if postmeta.get("enclosure", "").strip():
        try:
            enclosure = parse_enclosure(postmeta["enclosure"])
        except EnclosureError:
            enclosure = None
    same = enclosure is not None and enclosure.url == url
    length = _int(postmeta.get("filesize_raw", "")) or (
        enclosure.length if same else None
    )
    audio = EpisodeAudio(
        url=url,
        length=length,
        mime=_mime(enclosure.mime if same else "", url),
        meta_key="audio_file",
    )
    if audio.mime not in ACCEPTED_TYPES:
        raise EnclosureError(
            f"audio_file is {audio.mime or 'of an unknown type'}: "
            "podcast apps take MP3 or M4A"
        )
    raw_duration = postmeta.get("duration", "")
    audio.duration = parse_duration(raw_duration)
    if raw_duration.strip() and audio.duration is None:
        audio.notes.append(f"duration {raw_duration.strip()[:20]!r} is not a time")
    audio.season = _int(postmeta.get("itunes_season_number", ""))
    audio.number = _int(postmeta.get("itunes_episode_number", ""))
    for key in ("itunes_episode_type", "episode_type"):
        kind = postmeta.get(key, "").strip().lower()
        if kind in EPISODE_TYPES:
            audio.episode_type = kind
            break
    audio.explicit = postmeta.get("explicit", "").strip().lower() in TRUE_VALUES
    return audio
