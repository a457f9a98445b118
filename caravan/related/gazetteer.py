"""Countries an article is about, from the places, institutions and people it
names (``data/gazetteer.tsv``: English, Russian and transliterated forms).
A Russian name matches in any case ending ("Бишкеке", "Токаевым", "Алма-Ате"),
an adjective in any gender, number and case ("туркменская", "афганской"), also
inside a compound ("кыргызско-узбекской");
an English one with or without a possessive "'s". Snowball stems are not used
here: they cut surnames unevenly ("Токаев" and "Токаевым" differ)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter

from .text import DATA, normalise

_TOKEN = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]", re.UNICODE)
MAX_WORDS = 4
HEADLINE_WEIGHT = 2
SHARE = 0.34  # a country named less than this share of the most named one is incidental


@dataclasses.dataclass(frozen=True)
class Entry:
    countries: tuple[str, ...]
    kind: str
    name: str  # the first (English) form


_CYRILLIC = re.compile(r"[а-я]")
_VOWEL_ENDING = re.compile(r"[аяыиеоуьй]$")
# An adjective's ending ("таджикский": "таджикск" + ending): its stem is the key.
_ADJECTIVE_ENDING = re.compile(r"(?<=[скц]к)(ий|ый|ой)$")
# A compound adjective's first part ("кыргызско-" in "кыргызско-узбекской").
_COMPOUND = re.compile(r"^([а-я]{3,}о)-([а-я]{3,})$")


def _words(text: str) -> tuple[str, ...]:
    words = []
    for token in _TOKEN.findall(text):
        word = normalise(token).rstrip(".")
        if word.endswith("'s"):
            word = word[:-2]
        compound = _COMPOUND.match(word)
        if compound:
            words.extend(compound.groups())
        elif word:
            words.append(word)
    return tuple(words)


def _variants(word: str) -> list[str]:
    """The word, then (Russian) the word without up to three letters of ending."""
    if not _CYRILLIC.search(word):
        return [word]
    return [word] + [word[:-k] for k in (1, 2, 3) if len(word) - k >= 3]


@functools.cache
def entries() -> dict[tuple[str, ...], Entry]:
    found = {}
    for line in (DATA / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        codes, kind, names = line.split("\t")
        forms = names.split("|")
        entry = Entry(tuple(codes.split(",")), kind, forms[0])
        for form in forms:
            key = _words(form)
            if not key:
                continue
            found.setdefault(key, entry)
            last = key[-1]
            if _CYRILLIC.search(last) and _ADJECTIVE_ENDING.search(last):
                found.setdefault((*key[:-1], _ADJECTIVE_ENDING.sub("", last)), entry)
            elif _CYRILLIC.search(last) and _VOWEL_ENDING.search(last):
                found.setdefault((*key[:-1], last[:-1]), entry)
    return found


def mentions(text: str) -> list[Entry]:
    """Every gazetteer name in ``text``, longest match first at each position."""
    words = _words(text)
    table = entries()
    found, i = [], 0
    while i < len(words):
        size = _match(words, i, table, found)
        i += size or 1
    return found


def _match(words, i, table, found) -> int:
    for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
        head = tuple(words[i : i + size - 1])
        for last in _variants(words[i + size - 1]):
            entry = table.get((*head, last))
            if entry is not None:
                found.append(entry)
                return size
    return 0


def detect_countries(*, headline: str, text: str) -> list[str]:
    """ISO codes of the countries the article is about, most named first. A
    place shared by several countries (a river, a sea) counts for none alone."""
    scores: Counter = Counter()
    for part, weight in ((headline, HEADLINE_WEIGHT), (text, 1)):
        for entry in mentions(part):
            if len(entry.countries) == 1:
                scores[entry.countries[0]] += weight
    if not scores:
        return []
    best = max(scores.values())
    return [
        code
        for code, value in sorted(scores.items(), key=lambda i: (-i[1], i[0]))
        if value >= SHARE * best
    ]
