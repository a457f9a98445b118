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
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from caravan.news.models import ArticleAuthor, ArticlePage, ArticleTag  # noqa: E402
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
BATCH = 2000


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


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


def build_archive(count: int, rng, sections, authors, countries, tags):
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    through = ArticlePage.countries.through
    fields = ArticlePage._meta.local_concrete_fields
    per_section = [0] * len(sections)
    made = 0
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    while made < count:
        size = min(BATCH, count - made)
        pages, rows = [], []
        for i in range(size):
            n = made + i
            s = n % len(sections)
            section = sections[s]
            per_section[s] += 1
            slug = f"story-{n}"
            title = sentence(rng, rng.randint(6, 11))[:-1]
            published = now - dt.timedelta(minutes=37 * (n + 1))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=child_path(section.path, section.numchild + per_section[s]),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            body = [
                {
                    "type": "paragraph",
                    "value": "<p>"
                    + " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(6))
                    + "</p>",
                }
                for _ in range(6)
            ]
            rows.append(
                {
                    "standfirst": sentence(rng, 28),
                    "body": body,
                    "date_published": published,
                    "dateline": rng.choice(["ALMATY", "BISHKEK", "TASHKENT", "ASTANA"]),
                    "article_type": rng.choice(["news"] * 6 + ["analysis", "opinion"]),
                }
            )
        Page.objects.bulk_create(pages, batch_size=500)
        articles = [
            ArticlePage(page_ptr_id=p.pk, **row)
            for p, row in zip(pages, rows, strict=True)
        ]
        ArticlePage._base_manager._insert(articles, fields=fields, using="default")
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article_id=p.pk, author=rng.choice(authors), sort_order=0)
            for p in pages
        )
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=p.pk, tag=tag)
            for p in pages
            for tag in rng.sample(tags, 3)
        )
        through.objects.bulk_create(
            through(articlepage_id=p.pk, country_id=rng.choice(countries).pk)
            for p in pages
        )
        index.add_items(
            ArticlePage, ArticlePage.objects.filter(pk__in=[p.pk for p in pages])
        )
        made += size
        print(f"  {made} articles", file=sys.stderr)
    for s, section in enumerate(sections):
        Page.objects.filter(pk=section.pk).update(
            numchild=section.numchild + per_section[s]
        )


def generate(count: int):
    rng = random.Random(42)
    started = time.monotonic()
    with transaction.atomic():
        home, sections, authors, countries, tags = skeleton(rng)
    with transaction.atomic():
        build_archive(count, rng, sections, authors, countries, tags)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    a = ArticlePage.objects.order_by("-date_published").first()
    info = {
        "articles": ArticlePage.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
        "article": a.url,
        "articles_sample": [p.url for p in ArticlePage.objects.order_by("?")[:500]],
        "section": sections[1].url,
        "section_pages": -(-(count // len(sections)) // 12),
        "tag": f"/tag/{tags[0].slug}/",
        "author": authors[0].url,
        "search": f"/search/?q={WORDS[3]}+{WORDS[5]}",
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
    args = parser.parse_args()
    os.environ.setdefault("PAGE_CACHE", "false")
    if args.count_queries:
        count_queries(json.loads(args.count_queries))
    else:
        generate(args.articles)
