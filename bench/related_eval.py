"""Evaluate suggested articles and country detection on a labelled set imported
WITHOUT tags or countries (as from a WordPress export with none).

    .venv/bin/python bench/related_eval.py [--data bench/data/related-eval.tsv]

Builds a throwaway SQLite site, adds the set's articles to one section with no
tags or countries, then prints:
  precision@4 on topic: the share of the four suggestions under each article
    whose topic label equals the article's ("before": the tag/country/section
    ranking of caravan.news; "after": stored related articles, caravan.related);
  the same for the old ranking once the gazetteer filled in countries;
  precision and recall of detected countries against the labels.
Writes bench/results/<date>-related-eval.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, countries, days, title, text = line.split("\t")
        standfirst, _, body = text.partition(". ")
        rows.append(
            {
                "topic": topic,
                "countries": set(countries.split(",")),
                "days": int(days),
                "title": title,
                "standfirst": standfirst + ".",
                "body": body,
            }
        )
    return rows


def precision_at(suggest, articles, topic_of, k=4) -> float:
    hits = total = 0
    for article in articles:
        shown = suggest(article)[:k]
        total += k
        hits += sum(topic_of[s.pk] == topic_of[article.pk] for s in shown)
    return hits / total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "bench/data/related-eval.tsv"))
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="related-eval-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/eval.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caravan.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from caravan.caching import memo
    from caravan.news.models import Country
    from caravan.news.suggestions import suggested_articles
    from caravan.news.tests import factories
    from caravan.related.backfill import backfill
    from caravan.related.gazetteer import detect_countries
    from caravan.related.selectors import related_articles

    rows = load(Path(args.data))
    home = factories.make_home()
    section = factories.make_section(home, "News", slug="news")
    now = timezone.now()
    articles, topic_of, labels = [], {}, {}
    for row in rows:
        article = factories.make_article(
            section,
            title=row["title"],
            standfirst=row["standfirst"],
            body=[{"type": "paragraph", "value": f"<p>{row['body']}</p>"}],
            date_published=now - dt.timedelta(days=row["days"]),
        )
        articles.append(article)
        topic_of[article.pk] = row["topic"]
        labels[article.pk] = row["countries"]

    memo.clear_all()
    before = precision_at(lambda a: suggested_articles(article=a), articles, topic_of)

    # Countries from the gazetteer, as `import_wordpress --auto-countries` does.
    tp = fp = fn = 0
    for article in articles:
        found = set(
            detect_countries(
                headline=article.title,
                text=f"{article.standfirst} {rows_body(article)}",
            )
        )
        tp += len(found & labels[article.pk])
        fp += len(found - labels[article.pk])
        fn += len(labels[article.pk] - found)
        countries = [
            Country.objects.get_or_create(
                slug=code.lower(), defaults={"name": code, "iso_code": code}
            )[0]
            for code in sorted(found)
        ]
        article.countries.set(countries)
        article.save_revision().publish()
    memo.clear_all()
    # Fresh objects: a page reads its tags and countries once (``relations``).
    articles = [type(a).objects.get(pk=a.pk) for a in articles]
    with_countries = precision_at(
        lambda a: suggested_articles(article=a), articles, topic_of
    )
    backfill(progress=False)
    after = precision_at(lambda a: related_articles(article=a), articles, topic_of)
    chance = sum(
        (sum(t == topic_of[a.pk] for t in topic_of.values()) - 1) / (len(articles) - 1)
        for a in articles
    ) / len(articles)
    lines = [
        f"# Related articles: evaluation on {len(articles)} labelled articles "
        f"({len(set(topic_of.values()))} topics), imported without tags or countries",
        "",
        f"Command: `.venv/bin/python bench/related_eval.py` ({dt.date.today()})",
        "",
        "| measure | value |",
        "|---|---|",
        f"| precision@4 on topic, by chance | {chance:.2f} |",
        f"| precision@4 on topic, before (tags/countries/section, none set) | {before:.2f} |",
        f"| precision@4 on topic, before + gazetteer countries | {with_countries:.2f} |",
        f"| precision@4 on topic, after (caravan.related) | {after:.2f} |",
        f"| country detection precision | {tp / max(tp + fp, 1):.2f} |",
        f"| country detection recall | {tp / max(tp + fn, 1):.2f} |",
    ]
    print("\n".join(lines))
    out = ROOT / "bench/results" / f"{dt.date.today()}-related-eval.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {out.relative_to(ROOT)}")


def rows_body(article) -> str:
    from caravan.related.text import article_parts

    return article_parts(article)["body"]


if __name__ == "__main__":
    main()
