"""Words to stems, shared by related articles and search: Snowball stems per
script (Cyrillic words get the Russian stemmer, Latin words the English one, so
a Russian article quoting an English name still matches)."""

from __future__ import annotations

import functools
import re

import snowballstemmer

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")


@functools.cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def normalise(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").strip("'-")


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


# Stemming is most of the cost of indexing an archive, and words recur.
@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a lower-cased word, by its script."""
    language = "russian" if is_cyrillic(word) else "english"
    if language == "english" and word.endswith("'s"):
        word = word[:-2]
    return _stemmer(language).stemWord(word)
