"""Transcripts and chapters as editors type them: one line per passage, each
optionally starting with a time ("[00:01:05]", "1:05", "01:05 –"), e.g.

    [00:00] Aigerim: Welcome to Spotlight on Central Asia.
    [00:12] Timur: Thanks for having me.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_TIME = re.compile(r"^\[?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:\.\d+)?\]?\s*[-–—:]?\s*")


@dataclass(frozen=True)
class Passage:
    start: int | None  # seconds from the start, when given
    text: str

    @property
    def clock(self) -> str:
        return clock(self.start) if self.start is not None else ""


def clock(seconds: int) -> str:
    """1:05, 1:02:05: the time as a listener reads it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def hms(seconds: int) -> str:
    """HH:MM:SS, as itunes:duration and ISO-style tools expect."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def passages(text: str) -> list[Passage]:
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = _TIME.match(line)
        if match and match.end() < len(line):
            hours, minutes, seconds = match.groups()
            start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            found.append(Passage(start, line[match.end() :]))
        else:
            found.append(Passage(None, line))
    return found


def has_times(found: list[Passage]) -> bool:
    return any(p.start is not None for p in found)


def webvtt(found: list[Passage], duration: int | None) -> str:
    """WebVTT cues from the timed passages (each until the next one starts)."""
    timed = [p for p in found if p.start is not None]
    lines = ["WEBVTT", ""]
    for index, passage in enumerate(timed):
        end = timed[index + 1].start if index + 1 < len(timed) else None
        if end is None or end <= passage.start:
            end = max(duration or 0, passage.start + 5)
        lines += [
            str(index + 1),
            f"{hms(passage.start)}.000 --> {hms(end)}.000",
            passage.text.replace("-->", "→"),
            "",
        ]
    return "\n".join(lines)


# The Podcasting 2.0 JSON chapters format (podcastindex.org, "JSON chapters").
JSON_CHAPTERS_TYPE = "application/json+chapters"
JSON_CHAPTERS_VERSION = "1.2.0"


def json_chapters(found: list[Passage]) -> str:
    """The timed chapters as a JSON chapters file; untimed lines are left out
    (the format needs a start time)."""
    chapters = [
        {"startTime": p.start, "title": p.text} for p in found if p.start is not None
    ]
    return json.dumps(
        {"version": JSON_CHAPTERS_VERSION, "chapters": chapters}, ensure_ascii=False
    )
