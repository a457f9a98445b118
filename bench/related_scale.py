"""Related articles at scale, on PostgreSQL: the backfill of N articles, the
work on one publication with N in the database, and what a render reads.

    nice .venv/bin/python bench/related_scale.py --articles 100000
        [--database caravan_related_<N>] [--reuse] [--publish 30]

(Re)creates the database (``--reuse`` keeps an archive already generated),
inserts N articles in bulk (PostgreSQL COPY, as ``bench/generate.py`` does)
with text that has the shape of a news archive: a Zipfian vocabulary of 60,000
words, 2,000 topics of 40 words each, each article mostly general words with
a third of them from its topic, so that common terms have long postings and
rare ones short ones (the bench's own 100-word text would make every term
common), and a few words of the topic's subject from the subject thesaurus
(``caravan/related/data/subjects.tsv``), so subjects' postings are as long as
on a real site. Then:
  1. ``related_backfill`` over the archive, timed (progress bars on stderr);
  2. ``--publish`` new articles inserted and published one at a time: the
     work the ``page_published`` handler does (``services.refresh``: index,
     candidates, score, offer, purge), timed each, with its queries;
  3. a render's read (``selectors.related_articles``) timed, with its queries.
Prints a Markdown table and adds it to bench/results/<date>-related-scale.md.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HEADER = """# Related articles at scale (PostgreSQL)

Synthetic archive with the shape of news text (see `bench/related_scale.py`), one
language. "One publication": what the `page_published` handler runs after the
commit for a new article (index, candidates, score, offer to the candidates' lists,
purge). "A render's read": `related_articles` on an article page.
"""
VOCABULARY = 60_000
TOPICS = 2_000
TOPIC_WORDS = 40
TOPIC_SHARE = 0.33
SUBJECT_SHARE = 0.03  # of an article's words, its subject's (news: a few %)
SYLLABLES = (
    "ka la mo ri tu se na pe do gu vi ze ba ro li ma te su ko ne "
    "tar bek son dar gul mir zat han kul bay"
).split()


def subject_words() -> list[list[str]]:
    """Each subject's one-word English entries."""
    found = []
    path = ROOT / "caravan/related/data/subjects.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            entries = line.split("\t")[2].split("|")
            found.append([e for e in entries if e.isascii() and e.isalpha()])
    return found


def vocabulary(rng: random.Random) -> list[str]:
    words, seen = [], set()
    while len(words) < VOCABULARY:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Zipf:
    def __init__(self, n: int, s: float = 1.05):
        self.cumulative = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))

    def draw(self, rng: random.Random, k: int) -> list[int]:
        total = self.cumulative[-1]
        return [
            bisect.bisect_left(self.cumulative, rng.random() * total) for _ in range(k)
        ]


class Writer:
    """Articles as text: headline, standfirst, four paragraphs."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = vocabulary(rng)
        self.general = Zipf(VOCABULARY)
        self.inner = Zipf(TOPIC_WORDS, 0.8)
        # A topic's words come from the middle of the vocabulary: not the
        # commonest words, not the hapaxes.
        self.topics = [
            rng.sample(range(200, VOCABULARY // 2), TOPIC_WORDS) for _ in range(TOPICS)
        ]
        self.subjects = subject_words()

    def sentence(self, topic: int, n: int) -> str:
        rng = self.rng
        words_of = self.topics[topic]
        subject = self.subjects[topic % len(self.subjects)]
        words = []
        for general in self.general.draw(rng, n):
            draw = rng.random()
            if draw < SUBJECT_SHARE:
                words.append(rng.choice(subject))
            elif draw < SUBJECT_SHARE + TOPIC_SHARE:
                words.append(self.words[words_of[self.inner.draw(rng, 1)[0]]])
            else:
                words.append(self.words[general])
        # Some words are names, capitalised inside the sentence.
        words = [w.capitalize() if rng.random() < 0.05 else w for w in words]
        return " ".join(words).capitalize() + "."

    def article(self) -> tuple[str, str, list[str]]:
        topic = self.rng.randrange(TOPICS)
        title = self.sentence(topic, 8)[:-1]
        standfirst = self.sentence(topic, 25)
        paragraphs = [
            " ".join(self.sentence(topic, self.rng.randint(12, 22)) for _ in range(4))
            for _ in range(4)
        ]
        return title, standfirst, paragraphs


def insert(count: int, writer: Writer, section, first_n: int) -> list[int]:
    """COPY ``count`` live articles under ``section``; their ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from generate import ARTICLE_COLUMNS, PAGE_COLUMNS, child_path, copy_rows
    from wagtail.models import Locale, Page

    from caravan.news.models import ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    section.refresh_from_db()
    ids = []
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute("SELECT coalesce(max(id), 0) FROM wagtailcore_page")
        first_id = cursor.fetchone()[0] + 1
        for made in range(0, count, 10_000):
            pages, articles = [], []
            for n in range(made, min(count, made + 10_000)):
                pk, number = first_id + n, first_n + n
                title, standfirst, paragraphs = writer.article()
                published = now - dt.timedelta(minutes=37 * (count - n) + 1)
                slug = f"story-{number}"
                pages.append(
                    (pk, child_path(section.path, section.numchild + n + 1))
                    + (section.depth + 1, 0, title, title, slug, True, False)
                    + (f"{section.url_path}{slug}/", "", False, "", False)
                    + (content_type.pk, False, published, published)
                    + (uuid.uuid4(),)
                    + (locale.pk,)
                )
                body = [
                    {
                        "type": "paragraph",
                        "value": f"<p>{p}</p>",
                        "id": str(uuid.uuid4()),
                    }
                    for p in paragraphs
                ]
                articles.append(
                    (pk, standfirst, json.dumps(body), "", published, "ALMATY")
                    + ("news", False)
                )
                ids.append(pk)
            copy_rows(cursor, "wagtailcore_page", PAGE_COLUMNS, pages)
            copy_rows(cursor, "news_articlepage", ARTICLE_COLUMNS, articles)
            print(f"  {made + len(pages)} articles", file=sys.stderr, flush=True)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
            "(SELECT max(id) FROM wagtailcore_page))"
        )
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild + count)
    return ids


def timed(function, *args, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
    return result, seconds, len(queries.captured_queries)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--database")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--publish", type=int, default=30)
    parser.add_argument(
        "--no-backfill",
        action="store_true",
        help="with --reuse: the archive is computed already; time publications only",
    )
    args = parser.parse_args()
    database = args.database or f"caravan_related_{args.articles}"
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caravan.settings.test")
    os.environ.pop("CACHE_URL", None)  # the local-memory cache: no shared Redis

    import psycopg

    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as pg:
        exists = pg.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not (args.reuse and exists):
            pg.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            pg.execute(f'CREATE DATABASE "{database}"')
            exists = None

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from caravan.news.models import ArticlePage, SectionPage
    from caravan.news.tests import factories
    from caravan.related import services
    from caravan.related.backfill import backfill
    from caravan.related.models import Posting
    from caravan.related.selectors import related_articles

    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    writer = Writer(rng)
    if exists and ArticlePage.objects.count() >= args.articles:
        section = SectionPage.objects.get(slug="news")
        print(f"reusing {database}", file=sys.stderr)
    else:
        home = factories.make_home()
        section = factories.make_section(home, "News", slug="news")
        started = time.monotonic()
        insert(args.articles, writer, section, 0)
        print(
            f"inserted {args.articles} in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    backfill_seconds = peak_mb = None
    if args.no_backfill and exists:
        n = ArticlePage.objects.count()
    else:
        started = time.monotonic()
        n = backfill(progress=True)["articles"]
        backfill_seconds = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    postings = Posting.objects.count()

    # New articles, published one at a time as an editor does: what the
    # page_published handler runs after the commit.
    fresh = insert(args.publish, writer, section, args.articles + 10**6)
    publish_times, publish_queries = [], []
    for pk in fresh:
        article = ArticlePage.objects.get(pk=pk)
        _r, seconds, queries = timed(services.refresh, article)
        publish_times.append(seconds * 1000)
        publish_queries.append(queries)
    # A render's read, for a sample of the archive.
    sample = rng.sample(
        list(ArticlePage.objects.values_list("pk", flat=True)), min(200, args.articles)
    )
    read_times, read_queries = [], []
    for pk in sample:
        article = ArticlePage.objects.get(pk=pk)
        _r, seconds, queries = timed(related_articles, article=article)
        read_times.append(seconds * 1000)
        read_queries.append(queries)

    lines = [
        f"| articles | {n} |",
        f"| postings (terms indexed) | {postings} |",
    ]
    if backfill_seconds is not None:
        lines += [
            f"| backfill, total | {backfill_seconds:.0f} s "
            f"({backfill_seconds / 60:.1f} min, "
            f"{1000 * backfill_seconds / n:.1f} ms/article) |",
            f"| backfill, peak memory of the process | {peak_mb:.0f} MB |",
        ]
    lines += [
        f"| one publication (`services.refresh`), median | "
        f"{statistics.median(publish_times):.0f} ms |",
        f"| one publication, p90 / max | {percentile(publish_times, 0.9):.0f} / "
        f"{max(publish_times):.0f} ms |",
        f"| one publication, queries (median) | {statistics.median(publish_queries):.0f} |",
        f"| a render's read (`related_articles`), median | "
        f"{statistics.median(read_times):.1f} ms |",
        f"| a render's read, queries (max) | {max(read_queries)} |",
        # Wall-clock times: on a shared machine they include waiting for a CPU.
        f"| machine load average (1 min) at the end | {os.getloadavg()[0]:.1f} |",
    ]
    text = "\n".join(
        [
            f"## {n} articles ({dt.date.today()}, PostgreSQL, "
            "`nice .venv/bin/python bench/related_scale.py "
            f"{' '.join(sys.argv[1:])}`)",
            "",
            "| measure | value |",
            "|---|---|",
            *lines,
        ]
    )
    print(text)
    # One file per day; each run adds its section.
    out = ROOT / "bench/results" / f"{dt.date.today()}-related-scale.md"
    if not out.exists():
        out.write_text(HEADER, encoding="utf-8")
    with out.open("a", encoding="utf-8") as file:
        file.write("\n" + text + "\n")
    print(f"\nAdded to {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
