"""From an article's words to weighted terms: Snowball stems per script
(caravan.core.text, shared with search), stop words dropped,
headline and standfirst words counted more than body words, and names
(capitalised words inside a sentence, and pairs of them such as "Amu Darya")
more than common words.

Words alone miss that "dam", "irrigation" and "водохранилище" are one story's
subject: the subject thesaurus (``data/subjects.tsv``) gives each article a
subject profile besides its terms, so two stories on one subject are related
even when they share no word (``scoring``)."""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
from collections import Counter
from pathlib import Path

from caravan.core.text import WORD as _WORD
from caravan.core.text import is_cyrillic, normalise, stem

DATA = Path(__file__).resolve().parent / "data"
HEADLINE_WEIGHT = 2.0
STANDFIRST_WEIGHT = 1.5
NAME_WEIGHT = 1.5
# Countries, cities and regions say where a story happens, not what it is about:
# two stories from Almaty share the city, not the topic. They still count (a
# tie-breaker among stories on one topic), a fraction as much.
PLACE_WEIGHT = 0.3
PLACE_KINDS = frozenset({"country", "city", "region"})
VECTOR_TERMS = 60  # the terms kept per article: its vector and its postings

_SENTENCE_END = re.compile(r"[.!?:;«»\"“”]\s*$")
_MARKUP = re.compile(r"<[^>]*>")


@functools.cache
def _stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords-en.txt", "stopwords-ru.txt"):
        words.update((DATA / name).read_text(encoding="utf-8").split())
    return frozenset(words)


@functools.cache
def places() -> frozenset[str]:
    """The stems (and pairs of stems) of the gazetteer's countries, cities and
    regions, in every language it lists."""
    found: set[str] = set()
    for line in (DATA / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _codes, kind, names = line.split("\t")
        if kind not in PLACE_KINDS:
            continue
        for name in names.split("|"):
            forms = [_case_forms(normalise(w)) for w in _WORD.findall(name)]
            found.update(s for stems in forms for s in stems)
            for first, second in zip(forms, forms[1:], strict=False):
                found.update(f"{a}_{b}" for a in first for b in second)
    return frozenset(found)


_CASE_ENDINGS = ("", "а", "я", "у", "ю", "е", "ом", "ем", "ой", "ы", "и", "ам", "ах")


def _case_forms(word: str) -> set[str]:
    """The stems of a name in every case: Snowball cuts "Узбекистан" and
    "Узбекистане" to different stems, so a place must be known by both."""
    if not is_cyrillic(word):
        return {stem(word)}
    base = word[:-1] if word[-1] in "аяыиь" else word
    return {stem(word)} | {stem(base + ending) for ending in _CASE_ENDINGS}


def _significant(word: str) -> bool:
    return len(word) >= 3 and word not in _stopwords()


@functools.cache
def subject_phrases() -> dict[tuple[str, ...], frozenset[str]]:
    """The thesaurus as (stems of a phrase, in order) -> its subjects' slugs."""
    phrases: dict[tuple[str, ...], set[str]] = {}
    for line in (DATA / "subjects.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug, _labels, entries = line.split("\t")
        for entry in entries.split("|"):
            words_ = [normalise(w) for w in _WORD.findall(entry)]
            forms = [_case_forms(w) for w in words_ if _significant(w)]
            for key in itertools.product(*forms):
                if key:
                    phrases.setdefault(key, set()).add(slug)
    return {key: frozenset(slugs) for key, slugs in phrases.items()}


@functools.cache
def subject_labels() -> dict[str, tuple[str, ...]]:
    """Subject slug -> its labels (English, Russian)."""
    labels = {}
    for line in (DATA / "subjects.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            slug, names, _entries = line.split("\t")
            labels[slug] = tuple(names.split("|"))
    return labels


def subjects_named(name: str) -> frozenset[str]:
    """The subjects a name (a tag's, say) stands for: a label ("Energy",
    "Водные ресурсы") or one of a subject's phrases ("Hydropower")."""
    stems = tuple(s for s, _n, _start in words(name))
    if not stems:
        return frozenset()
    named = _label_stems().get(stems, frozenset())
    return frozenset(named | subject_phrases().get(stems, frozenset()))


@functools.cache
def _label_stems() -> dict[tuple[str, ...], frozenset[str]]:
    """The labels' stems -> the subjects they name (read once, not per tag)."""
    found: dict[tuple[str, ...], set[str]] = {}
    for slug, labels in subject_labels().items():
        for label in labels:
            found.setdefault(tuple(s for s, _n, _x in words(label)), set()).add(slug)
    return {stems: frozenset(slugs) for stems, slugs in found.items()}


@functools.cache
def _longest_phrase() -> int:
    return max(len(key) for key in subject_phrases())


def subjects(stems: list[str]) -> Counter:
    """Subject slug -> how many of its phrases occur in ``stems`` (the longest
    phrase wins where phrases overlap: "power plant" is not also "plant")."""
    phrases, found, i = subject_phrases(), Counter(), 0
    while i < len(stems):
        for n in range(min(_longest_phrase(), len(stems) - i), 0, -1):
            slugs = phrases.get(tuple(stems[i : i + n]))
            if slugs:
                found.update(slugs)
                i += n
                break
        else:
            i += 1
    return found


def plain(markup: str) -> str:
    return html.unescape(_MARKUP.sub(" ", markup or ""))


def words(text: str) -> list[tuple[str, bool, bool]]:
    """(stem, is_name, starts_sentence) for each significant word of ``text``."""
    found = []
    for match in _WORD.finditer(text):
        raw = match.group()
        word = normalise(raw)
        if not _significant(word):
            continue
        before = text[max(0, match.start() - 3) : match.start()]
        sentence_start = match.start() == 0 or bool(_SENTENCE_END.search(before))
        is_name = raw[0].isupper() and not sentence_start
        found.append((stem(word), is_name, sentence_start))
    return found


def analyse(*, headline: str, standfirst: str, body: str) -> tuple[Counter, dict]:
    """The article's weighted terms (term -> weighted count over its three
    parts) and its subject profile (``subject_profile``), from one reading."""
    counts: Counter = Counter()
    found_subjects: Counter = Counter()
    for text, weight in (
        (headline, HEADLINE_WEIGHT),
        (standfirst, STANDFIRST_WEIGHT),
        (body, 1.0),
    ):
        previous = None
        found = words(text)
        for term, is_name, sentence_start in found:
            if sentence_start:
                previous = None
            counts[term] += weight * _term_weight(term, is_name)
            if is_name and previous is not None:
                pair = f"{previous}_{term}"
                counts[pair] += weight * _term_weight(pair, True)
            previous = term if is_name else None
        for slug, n in subjects([term for term, _n, _s in found]).items():
            found_subjects[slug] += weight * n
    norm = math.sqrt(sum(w * w for w in found_subjects.values())) or 1.0
    profile = {slug: round(w / norm, 4) for slug, w in sorted(found_subjects.items())}
    return counts, profile


def weighted_terms(*, headline: str, standfirst: str, body: str) -> Counter:
    """Term -> weighted count over the three parts of an article."""
    return analyse(headline=headline, standfirst=standfirst, body=body)[0]


def subject_profile(*, headline: str, standfirst: str, body: str) -> dict:
    """Subject slug -> share of the article's subject phrases (unit length,
    headline and standfirst counted more): two articles' profiles' cosine says
    how much they are about the same things."""
    return analyse(headline=headline, standfirst=standfirst, body=body)[1]


def _term_weight(term: str, is_name: bool) -> float:
    if term in places():
        return PLACE_WEIGHT
    return NAME_WEIGHT if is_name else 1.0


def idf(df: int, documents: int) -> float:
    """Rare terms weigh most; a term in every document still weighs a little."""
    return math.log(1 + documents / max(df, 1))


def vector(counts: Counter, *, df: dict[str, int], documents: int) -> dict[str, float]:
    """The article's most distinctive terms with TF-IDF weights, unit length."""
    weights = {
        term: (1 + math.log(count)) * idf(df.get(term, 1), documents)
        for term, count in counts.items()
        if count > 0
    }
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _t, w in top)) or 1.0
    return {term: round(w / norm, 5) for term, w in top}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


def article_parts(article) -> dict[str, str]:
    """Headline, standfirst and body text of an article page."""
    body = []
    for block in article.body:
        if block.block_type == "paragraph":
            body.append(plain(block.value.source))
        elif block.block_type == "heading":
            body.append(str(block.value.get("text", "")))
        elif block.block_type == "quote":
            body.append(str(block.value.get("quote", "")))
    return {
        "headline": article.title,
        "standfirst": plain(article.standfirst),
        "body": "\n".join(body),
    }
