"""Slots: small parts of every page that change on their own schedule (the
breaking-news banner, the most-read list), put into cached pages when they are
served instead of purging every page that shows them.

A template writes a slot (``slot("banner")``) as an Edge Side Include,
``<esi:include src="/-/slot/banner/en/"/>``, into the page the cache stores.
Varnish, which asks for it (``Surrogate-Capability: ...="ESI/1.0"``, set in
``deploy/varnish/caravan.vcl``), gets the page with the include and
``Surrogate-Control: content="ESI/1.0"``: it fetches and keeps each slot on its
own (``/-/slot/<name>/<language>/``, banned by the slot's tags) and assembles
pages itself. Every other client — the embedded default, a CDN without ESI —
gets the page with each include replaced by the slot's current HTML, assembled
by the page cache when it answers (``caravan.caching.answers``), once per
process for each page and slot content.

An app registers a slot with the function that renders it for a language, the
purge tags its content depends on, and how long it may be kept at most; the
HTML is memoised per language under those tags until its own expiry.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from .memo import Memo

PREFIX = "/-/slot/"
_MARKER = re.compile(rb'<esi:include src="/-/slot/([a-z_]{1,40})/([A-Za-z-]{2,10})/"/>')


@dataclasses.dataclass
class Slot:
    name: str
    render: Callable[[str], tuple[str, float | None]]
    tags: tuple[str, ...]
    max_age: float
    memo: Memo

    def current(self, language: str, snapshot=None) -> tuple[str, float | None]:
        """(HTML, UNIX time it expires or None), built if need be."""

        def build():
            with translation.override(language):
                return self.render(language)

        return self.memo.get(language, build, snapshot=snapshot)

    def known(self, language: str, snapshot) -> tuple[str, float | None] | None:
        """The kept HTML if still valid, else None (never builds: the WSGI fast
        path must not touch the database)."""
        return self.memo.peek(language, snapshot)


_registry: dict[str, Slot] = {}


def register(
    name: str,
    render: Callable[[str], tuple[str, float | None]],
    *,
    tags: tuple[str, ...],
    max_age: float = 300.0,
) -> None:
    """``render(language)`` gives (HTML, expiry as a UNIX time or None). Called in
    an app's ``AppConfig.ready()``."""
    _registry[name] = Slot(
        name,
        render,
        tuple(tags),
        max_age,
        Memo(
            f"slot:{name}",
            tags=tuple(tags),
            max_entries=20,
            max_age=max_age,
            expires=lambda value: value[1],
        ),
    )


def get(name: str) -> Slot | None:
    return _registry.get(name)


def include(name: str, language: str) -> str:
    return f'<esi:include src="{PREFIX}{name}/{language}/"/>'


def refs(body: bytes) -> tuple[tuple[str, str], ...]:
    """The slots a page includes, in order: (name, language)."""
    if b"<esi:include" not in body:
        return ()
    return tuple(
        (name.decode(), language.decode()) for name, language in _MARKER.findall(body)
    )


def contents(found, snapshot, *, build: bool = True) -> tuple[str, ...] | None:
    """The current HTML of each slot a page includes; None when one is not known
    and ``build`` is off."""
    result = []
    for name, language in found:
        slot = _registry.get(name)
        if slot is None:
            result.append("")
            continue
        value = (
            slot.current(language, snapshot)
            if build
            else slot.known(language, snapshot)
        )
        if value is None:
            return None
        result.append(value[0])
    return tuple(result)


def assemble(body: bytes, filled: tuple[str, ...]) -> bytes:
    """The page with each include replaced by its slot's HTML (in order)."""
    parts = iter(filled)
    return _MARKER.sub(lambda _match: next(parts, "").encode(), body)


def esi_capable(meta) -> bool:
    """Does the cache in front (Varnish) assemble includes itself?"""
    return "ESI/1.0" in meta.get("HTTP_SURROGATE_CAPABILITY", "")


def seconds_to_keep(slot: Slot, expires: float | None, now: float | None = None) -> int:
    """How long the slot's HTML may be kept downstream."""
    now = time.time() if now is None else now
    seconds = slot.max_age
    if expires is not None:
        seconds = min(seconds, expires - now)
    return max(0, int(seconds))


def languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}
