"""An article as a Telegram message in its HTML subset (only &, <, > and " need
escaping: https://core.telegram.org/bots/api#html-style)."""

from __future__ import annotations

import html

MESSAGE_LIMIT = 4096  # characters of text after entities are parsed
CAPTION_LIMIT = 1024


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_html(*, title: str, standfirst: str, url: str, limit: int) -> str:
    """Bold headline, standfirst, link; the standfirst is shortened to fit
    (the limit counts the visible text, not the tags)."""
    visible_fixed = len(title) + len(url) + 6  # two blank lines
    room = max(limit - visible_fixed, 0)
    parts = [f"<b>{html.escape(_cut(title, limit - len(url) - 4))}</b>"]
    if standfirst and room > 10:
        parts.append(html.escape(_cut(standfirst, room)))
    parts.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
    return "\n\n".join(parts)
