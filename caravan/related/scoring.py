"""How related two articles are: the cosine of their term vectors, plus how
alike their subject profiles are (a shared subject counts like a shared tag:
both say what a story is about), plus shared tags, countries and section, plus a small bonus for being close in time (a
tie-breaker, not a window: an old story on the same dam beats yesterday's
unrelated one). Symmetric, so one computation serves both articles."""

from __future__ import annotations

import dataclasses
import datetime as dt

from .text import cosine

TAG_BONUS = 0.1
SUBJECT_BONUS = TAG_BONUS
COUNTRY_BONUS = 0.03
SECTION_BONUS = 0.02
RECENCY_BONUS = 0.03  # at most; halves at RECENCY_HALF_DAYS apart
RECENCY_HALF_DAYS = 180
KEEP = 10  # neighbours stored per article (room for exclusions)


@dataclasses.dataclass
class Profile:
    pk: int
    vector: dict[str, float]
    tags: frozenset[int]
    countries: frozenset[int]
    section: str  # the parent page's path
    published: dt.datetime | None
    subjects: dict[str, float] = dataclasses.field(default_factory=dict)


def score(a: Profile, b: Profile) -> float:
    value = cosine(a.vector, b.vector)
    value += SUBJECT_BONUS * cosine(a.subjects, b.subjects)
    value += TAG_BONUS * len(a.tags & b.tags)
    value += COUNTRY_BONUS * len(a.countries & b.countries)
    value += SECTION_BONUS * (a.section == b.section)
    if a.published and b.published:
        days = abs((a.published - b.published).total_seconds()) / 86400
        value += RECENCY_BONUS / (1 + days / RECENCY_HALF_DAYS)
    return round(value, 6)
