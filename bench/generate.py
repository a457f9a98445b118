"""Build a benchmark site fast: a few real saves for the skeleton (home, sections,
people, authors, countries, tags, rates), then the archive by bulk inserts — tree
paths computed here, pages, article rows, authors, tags, countries and search index
entries inserted in batches, never one save per article.

Run by bench/run.py (DJANGO_SETTINGS_MODULE and DATABASE_URL set):
    python bench/generate.py --articles 1000
    python bench/generate.py --count-queries   # prints JSON: queries per page type
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from caravan.news.models import ArticlePage  # noqa: E402
from caravan.news.tests import factories  # noqa: E402

SECTIONS = ["Politics", "Business & Economy", "Security", "Society", "Culture"]
COUNTRIES = [
    ("Kazakhstan", "KZ"),
    ("Kyrgyzstan", "KG"),
    ("Tajikistan", "TJ"),
    ("Turkmenistan", "TM"),
    ("Uzbekistan", "UZ"),
]
WORDS = (
    "government ministry pipeline railway election parliament reform water "
    "energy grain cotton wheat border trade investment bank inflation tenge som "
    "sum manat somoni caspian steppe mountain dam hydropower corridor transit "
    "customs tariff export import summit delegation president minister capital "
    "regional cooperation infrastructure highway airport logistics freight "
    "labour migration remittances drought harvest glacier river basin climate "
    "uranium copper gold oil gas refinery tender contract court prosecutor "
    "journalist media festival museum university students teachers hospital"
).split()
BATCH = 10_000


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, k=n)).capitalize() + "."


def skeleton(rng):
    home = factories.make_home()
    sections = [
        factories.make_section(home, title, slug=f"s{i}")
        for i, title in enumerate(SECTIONS)
    ]
    people = factories.make_people_index(home)
    authors = [
        factories.make_author(people, f"Author {i} {rng.choice(WORDS).title()}")
        for i in range(12)
    ]
    countries = [factories.make_country(n, n.lower(), iso) for n, iso in COUNTRIES]
    tags = [Tag.objects.get_or_create(name=w, slug=w)[0] for w in WORDS[:60]]
    try:
        from caravan.rates.demo import load_demo_rates

        load_demo_rates()
    except Exception as error:  # noqa: BLE001
        print(f"rates: demo rates not loaded ({error})", file=sys.stderr)
    return home, sections, authors, countries, tags


def child_path(parent_path: str, n: int) -> str:
    alphabet, steplen = Page.alphabet, Page.steplen
    digits = ""
    while n:
        n, r = divmod(n, len(alphabet))
        digits = alphabet[r] + digits
    return parent_path + digits.rjust(steplen, "0")


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """COPY rows (tuples of Python values) into table: one round trip per batch."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def search_weights():
    """The tsvector weights Wagtail's PostgreSQL backend gives ArticlePage's fields,
    and its text search configuration (None: the database default)."""
    from modelsearch.backends.database.postgres.weights import get_weight
    from wagtail.search import index
    from wagtail.search.backends import get_search_backend

    weights = {}
    for field in ArticlePage.get_search_fields():
        if isinstance(field, index.SearchField):
            weights[field.field_name] = get_weight(field.boost)
        elif isinstance(field, index.RelatedFields) and field.field_name == "tags":
            weights["tags"] = get_weight(field.fields[0].boost)
    return weights, get_search_backend().config


class Vectors:
    """tsvectors built here exactly as PostgreSQL's to_tsvector, setweight and ||
    build them from this generator's text: each vocabulary word's lexeme is asked
    from PostgreSQL once, positions are counted here. Stemming ~4 KB per article
    in the database would cost more than everything else together;
    ``--verify-index`` checks the rows against Wagtail's own indexer."""

    TOKEN = re.compile(r"[A-Za-z]+")

    def __init__(self, cursor, config):
        self.lexemes, self.cache = {}, {}
        for key, cfg in (("search", config), ("simple", "simple")):
            cast = "%s::regconfig, " if cfg else ""
            cursor.execute(
                f"SELECT w, to_tsvector({cast}w)::text FROM unnest(%s::text[]) w",  # noqa: S608
                [cfg, WORDS] if cfg else [WORDS],
            )
            table = {}
            for word, vector in cursor.fetchall():
                assert vector.count(":") <= 1, vector  # one lexeme per word
                table[word] = vector.rsplit(":", 1)[0][1:-1] if vector else None
            self.lexemes[key] = table

    def remember(self, texts) -> None:
        """Tokenise texts that recur (the sentence pool) once."""
        for key, table in self.lexemes.items():
            self.cache.setdefault(key, {}).update(
                (t, [table[w] for w in self.TOKEN.findall(t.lower())]) for t in texts
            )

    def build(self, parts, key="search"):
        """[(texts, weight), ...] -> (tsvector literal, number of lexemes): each
        part is setweight(to_tsvector(" ".join(texts)), weight), joined by ||."""
        table, cache = self.lexemes[key], self.cache.get(key, {})
        positions: dict[str, list] = {}
        offset = 0
        for texts, weight in parts:
            i = last = offset
            for text in texts:
                lexemes = cache.get(text)
                if lexemes is None:
                    lexemes = [table[w] for w in self.TOKEN.findall(text.lower())]
                for lexeme in lexemes:
                    i += 1
                    if lexeme is not None:
                        last = i
                        p = positions.get(lexeme)
                        mark = i if weight == "D" else f"{i}{weight}"
                        if p is None:
                            positions[lexeme] = [mark]
                        else:
                            p.append(mark)
            offset = last  # `a || b` shifts b by the largest position in a
        assert offset < 16384 and all(len(p) < 256 for p in positions.values())
        literal = " ".join(
            f"'{lex}':{','.join(map(str, p))}" for lex, p in positions.items()
        )
        return literal, len(positions)


def copy_batch(cursor, pages, articles, bylines, tagged, placed, entries):
    copy_rows(cursor, "wagtailcore_page", PAGE_COLUMNS, pages)
    copy_rows(cursor, "news_articlepage", ARTICLE_COLUMNS, articles)
    copy_rows(
        cursor, "news_articleauthor", ["article_id", "author_id", "sort_order"], bylines
    )
    copy_rows(cursor, "news_articletag", ["content_object_id", "tag_id"], tagged)
    copy_rows(
        cursor, "news_articlepage_countries", ["articlepage_id", "country_id"], placed
    )
    copy_rows(cursor, "wagtailsearch_indexentry", INDEX_COLUMNS, entries)


PAGE_COLUMNS = (
    "id path depth numchild title draft_title slug live has_unpublished_changes "
    "url_path seo_title show_in_menus search_description expired content_type_id "
    "locked first_published_at last_published_at translation_key locale_id"
).split()
ARTICLE_COLUMNS = (
    "page_ptr_id standfirst body hero_caption date_published dateline article_type "
    "is_sticky"
).split()
INDEX_COLUMNS = (
    "content_type_id object_id title autocomplete body title_norm title_text body_text"
).split()


def build_archive(count: int, rng, sections, authors, countries, tags):
    """COPY the archive in batches: pages (treebeard paths computed here), article
    rows, bylines, tags, countries and search index entries. Sentences come from a
    fixed pool so text is cheap to make."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    weights, config = search_weights()
    pool = [sentence(rng, rng.randint(8, 20)) for _ in range(5_000)]
    titles = [sentence(rng, rng.randint(6, 11))[:-1] for _ in range(count)]
    per_section = [0] * len(sections)
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        cursor.execute("SELECT coalesce(max(id), 0) FROM wagtailcore_page")
        first_id = cursor.fetchone()[0] + 1
        vectors = Vectors(cursor, config)
        vectors.remember(pool)
        # Wagtail's title_norm: average title length (in lexemes, over every
        # entry) / this title's length; computed up front, not by a table rewrite.
        lengths = [vectors.build([([t], "D")])[1] for t in titles]
        cursor.execute(
            "SELECT coalesce(sum(length(title)), 0), count(*) "
            "FROM wagtailsearch_indexentry WHERE length(title) > 0"
        )
        s, c = cursor.fetchone()
        lavg = float(sum(lengths) + s) / max(1, c + sum(1 for n in lengths if n))
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET title_norm = %s / length(title) "
            "WHERE length(title) > 0",
            [lavg],
        )
        tag_rows = [(t.pk, t.name) for t in tags]
        started = time.monotonic()
        copier, pending = ThreadPoolExecutor(max_workers=1), None
        for made in range(0, count, BATCH):
            size = min(BATCH, count - made)
            pages, articles, bylines, tagged, placed, entries = [], [], [], [], [], []
            for n in range(made, made + size):
                pk = first_id + n
                s = n % len(sections)
                section = sections[s]
                per_section[s] += 1
                slug = f"story-{n}"
                title = titles[n]
                published = now - dt.timedelta(minutes=37 * (n + 1))
                path = child_path(section.path, section.numchild + per_section[s])
                url_path = f"{section.url_path}{slug}/"
                key = uuid.UUID(int=rng.getrandbits(128), version=4)
                pages.append(
                    (pk, path, section.depth + 1, 0, title, title, slug, True, False)
                    + (url_path, "", False, "", False, content_type.pk, False)
                    + (published, published, key, locale.pk)
                )
                chosen_sentences = [rng.choices(pool, k=6) for _ in range(6)]
                paragraphs = [" ".join(sentences) for sentences in chosen_sentences]
                body = [
                    {
                        "type": "paragraph",
                        "value": f"<p>{text}</p>",
                        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    }
                    for text in paragraphs
                ]
                standfirst = sentence(rng, 28)
                dateline = rng.choice(["ALMATY", "BISHKEK", "TASHKENT", "ASTANA"])
                kind = rng.choice(["news"] * 6 + ["analysis", "opinion"])
                articles.append(
                    (pk, standfirst, json.dumps(body), "", published, dateline, kind)
                    + (False,)
                )
                bylines.append((pk, rng.choice(authors).pk, 0))
                chosen = rng.sample(tag_rows, 3)
                tagged.extend((pk, tag_id) for tag_id, _ in chosen)
                placed.append((pk, rng.choice(countries).pk))
                # What Wagtail's ObjectIndexer stores: title; autocomplete (title,
                # 'simple'); body = standfirst, body stream (paragraphs joined by
                # ", "), each tag name; plain-text mirrors for fuzzy search.
                stream = ", ".join(paragraphs)
                names = [name for _, name in chosen]
                title_vector, title_length = vectors.build(
                    [([title], weights["title"])]
                )
                body_vector = vectors.build(
                    [
                        ([standfirst], weights["standfirst"]),
                        ([s for p in chosen_sentences for s in p], weights["body"]),
                    ]
                    + [([name], weights["tags"]) for name in names]
                )[0]
                entries.append(
                    (content_type.pk, str(pk), title_vector)
                    + (vectors.build([([title], "D")], key="simple")[0], body_vector)
                    + (lavg / title_length if title_length else 1.0, title)
                    + (" ".join([standfirst, stream, *names]),)
                )
            # COPY this batch in a thread while the next one is built: PostgreSQL
            # and Python each get a core.
            if pending is not None:
                pending.result()
                rate = made / max(1e-6, time.monotonic() - started)
                print(f"  {made} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
            pending = copier.submit(
                copy_batch, cursor, pages, articles, bylines, tagged, placed, entries
            )
        if pending is not None:
            pending.result()
        copier.shutdown()
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
            "(SELECT max(id) FROM wagtailcore_page))"
        )
    for s, section in enumerate(sections):
        Page.objects.filter(pk=section.pk).update(
            numchild=section.numchild + per_section[s]
        )
    return [
        f"{section.url}{slug}/"
        for section, slug in (
            (sections[n % len(sections)], f"story-{n}")
            for n in rng.sample(range(count), min(500, count))
        )
    ]


def verify_index(count: int = 20) -> int:
    """Re-index a sample of generated articles with Wagtail's own indexer (in a
    transaction rolled back afterwards) and fail if any stored entry differs."""
    from wagtail.search.backends import get_search_backend

    index = get_search_backend().get_index_for_model(ArticlePage)
    ids = list(ArticlePage.objects.order_by("?").values_list("pk", flat=True)[:count])
    sql = (
        "SELECT object_id, title::text, autocomplete::text, body::text, title_text, "
        "body_text, round(title_norm::numeric, 9) FROM wagtailsearch_indexentry "
        "WHERE content_type_id = %s AND object_id = ANY(%s)"
    )
    params = [ContentType.objects.get_for_model(ArticlePage).pk, [str(i) for i in ids]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        ours = {row[0]: row for row in cursor.fetchall()}
        index.add_items(ArticlePage, ArticlePage.objects.filter(pk__in=ids))
        cursor.execute(sql, params)
        wagtails = {row[0]: row for row in cursor.fetchall()}
        transaction.set_rollback(True)
    differ = [pk for pk in wagtails if ours.get(pk) != wagtails[pk]]
    if differ or len(ours) != len(ids):
        pk = (differ or [None])[0]
        raise SystemExit(
            f"search index entries differ from Wagtail's for {differ}: "
            f"{ours.get(pk)} != {wagtails.get(pk)}"
        )
    return len(ids)


def generate(count: int, *, related: bool = True):
    if connection.vendor != "postgresql":
        raise SystemExit("bench/generate.py needs PostgreSQL (DATABASE_URL)")
    rng = random.Random(42)
    started = time.monotonic()
    with transaction.atomic():
        home, sections, authors, countries, tags = skeleton(rng)
    skeleton_seconds = time.monotonic() - started
    with transaction.atomic():
        sample = build_archive(count, rng, sections, authors, countries, tags)
    archive_seconds = time.monotonic() - started - skeleton_seconds
    # Suggested articles as a live site has them: computed at each publication
    # (here, for the whole archive at once), so a render reads the stored list.
    related_seconds = None
    if related:
        from caravan.related.backfill import backfill

        begun = time.monotonic()
        backfill(progress=False)
        related_seconds = round(time.monotonic() - begun, 1)
    # VACUUM sets the visibility map (index-only scans) and ANALYZE the statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    verified = verify_index()
    a = ArticlePage.objects.order_by("-date_published").first()
    page_size = 12
    info = {
        "articles": ArticlePage.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
        "seconds_skeleton": round(skeleton_seconds, 1),
        "seconds_archive": round(archive_seconds, 1),
        "seconds_related": related_seconds,
        "index_verified": verified,
        "article": a.url,
        "articles_sample": sample,
        "section": sections[1].url,
        "section_pages": -(-(count // len(sections)) // page_size),
        "tag": f"/tag/{tags[0].slug}/",
        "author": authors[0].url,
        "search": f"/search/?q={WORDS[3]}+{WORDS[5]}",
        # Varied queries for the search latency probe: one word, two words, a
        # word no article has.
        "searches": [f"/search/?q={w}" for w in WORDS[10:30]]
        + [
            f"/search/?q={a}+{b}"
            for a, b in zip(WORDS[30:50], WORDS[50:70], strict=True)
        ]
        + ["/search/?q=zanzibar", "/search/?q=railway+zanzibar"],
    }
    print(json.dumps(info))


def count_queries(urls: dict):
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(CARAVAN_PAGE_CACHE=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            counts[name] = {"queries": len(queries.captured_queries), "status": status}
    print(json.dumps(counts))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--count-queries", metavar="JSON")
    parser.add_argument(
        "--no-related",
        action="store_true",
        help="skip computing suggested articles (pages fall back to the tag ranking)",
    )
    args = parser.parse_args()
    os.environ.setdefault("PAGE_CACHE", "false")
    if args.count_queries:
        count_queries(json.loads(args.count_queries))
    else:
        generate(args.articles, related=not args.no_related)
